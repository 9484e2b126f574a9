// Package coalition is entente's coalition engine: for a motion ("condemn X
// for Y") it predicts how every UN member would vote, explains each
// prediction with the evidence it rests on, ranks the swing states worth
// lobbying, simulates what changes when a tie changes, and checks itself
// against recorded UN General Assembly votes by rolling-origin backtests.
//
// # No leakage
//
// Everything the engine uses for a motion dated D is dated before D: votes,
// ideal points of sessions that ended before D and hold no vote on or after
// D, ties whose period began (and, for yearly figures, ended) before D,
// treaties signed before D, events and documents. Load enforces the cut
// where data enter the engine; the feature builder cuts again at each roll
// call's date, so that a backtest loads once and predicts every roll call
// from its own past. Even text statistics (the IDF weights of the
// similarity search) come from roll calls before the year of the query.
//
// # The model
//
// A motion is placed by the past roll calls most like it: those the analyst
// names and those nearest by TF-IDF similarity of titles and UNBIS subjects
// and by issue codes. A named analogue is a clue, not a repeat: each
// analogue has a kind — the same recurring series (a close title voted
// within Config.SeriesYears) or a loose analogue — and an age, and its weight
// falls with both. The vote data's three source layouts (Digital Library
// titles, the agenda entries of sessions 71-73, the UN's own files) are read
// down to each resolution's own title and headings first (titles.go), or a
// recurring resolution would not be recognised across them. The features (one keyed table in features.go: name, factor,
// description, fill function) are the state's votes on the analogues (shares
// and the single most similar one, apart by kind and by age, so that the
// model learns how often a vote carries over on each kind), how its blocs
// and the whole assembly voted on them, its record on the motion's issues
// over the last three complete sessions and in the session under way, its
// agreement with the targets, beneficiaries, sponsors and the United States,
// the number of sponsors, its ideal point and its distance to the targets
// and to the yes and no camps of the analogues, and its ties to the targets
// read from the dyadic panel of package measures (trade and arms
// dependence, bilateral alliances, dated treaties and deployments — a
// regional multilateral coding is not a tie), blocs it shares with them,
// its silences, and its region. A tie with a target never favours yes: the
// weights of those features are held to the side of abstaining or voting
// no after the fit. A first multinomial logistic regression (yes, abstain,
// no; L2, L-BFGS with explicit settings) predicts from these; a second adds
// what the state's closest voting partners and its allies and arms and
// trade suppliers are expected to do, which is how a scenario ("China
// condemns") reaches the states tied to the one it changes.
//
// The model is fitted as of the first day of the as-of year (FitDay; of
// the year after the last roll call when the data end earlier) on the
// roll calls of the ten years before, as the backtest refits it yearly;
// every day of the year shares that fit, and each prediction's features are
// cut at its own day. The fit counts each vote on a roll call without a
// same-series analogue Config.LooseWeight times (two): repeats are most of
// the rows and would otherwise set the weights a new motion is predicted
// with. The last two years are first held out to fit
// temperatures: one pooled, and one per regime (same-series, loose-analogue
// and targeted motions) with enough held-out votes. Those temperatures do
// not see how the model drifts from year to year; Config.RegimeMaps adds a
// calibration map per regime (a temperature and a shift per class on the
// log-odds against yes; calibrate.go) fitted on the out-of-sample
// predictions of the Config.RuleYears before the cut, each made by a model
// fitted before the year it predicts, but it is off: measured, it made the
// Brier score worse. One map is on by default: the odds of keeping a
// vote cast on a same-series repeat are raised where the model gave them
// low and left about where they are near certainty (Config.KeepBias and
// KeepScale, chosen on the 2000-2014 development backtest), because the
// backtests found the model too ready to predict that such a vote changes.
// The stance shown: a state's vote on a same-series
// repeat stands unless the model is confident against it; without one, the
// stance is the class with the largest probability weighted by per-class
// decision weights (abstentions and noes are rarer, and macro-F1 counts
// them as much as yeses). Both can be tuned for each regime apart on the
// model's own out-of-sample predictions of the Config.RuleYears before the
// cut (rule.go); by default RuleYears is 0 and the thresholds chosen on the
// 1990-1999 development backtest stand, because on the 2015-2023 backtest
// they scored better than rules tuned on the years before. A loose
// analogue is never copied; and the stance always follows the
// probabilities: a stance with a probability of 0.5 or more is the label,
// and otherwise the label lies within Config.LabelSlack of the most
// probable stance.
//
// A state's votes from before its latest regime break (an unconstitutional
// change of government, Config.RegimeBreaks; regime.go) do not count for a
// motion dated after it.
// An analyst's breadth hint (an expected yes count) moves every state's
// log-odds of yes by one common shift until the expected count meets it.
// Reasons give each factor's effect in percentage points of the stance's
// probability. A fitted model is saved under a key naming everything it
// rests on (ModelKey) and reused (LoadEngine, NewEngineFromModel).
//
// # Swing states
//
// A swing state's gain is the rise in its probability of yes when its
// log-odds of yes are pushed by Config.Lobby, damped by the structural ties
// in the way; its followers are the rise in the other members'
// probabilities of yes, summed, when it is taken to vote yes, carried by
// the partner features of the second stage. Swing states are ranked by
// the expected yes votes, gain × (1 + followers).
//
// # Silence as evidence
//
// A state that abstained on, or was absent from the vote on, an analogous
// resolution its bloc backed, that did not join its bloc partners when most
// of them condemned a target, or that a text says remained silent or
// refused to condemn, gets a Silence record with the evidence; the silence
// feature sums them, and its
// weight is learned from the vote-based silences of the past. Not being
// reported is weak evidence, so "did not join" needs at least three and two
// thirds of the bloc's other members reported condemning, a week before;
// hedged or advised statements ("may condemn", "was urged to") count for
// nothing, and a target is never found silent about itself.
package coalition
