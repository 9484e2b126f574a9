package entente

import "time"

// Mention is a reference to an actor found in running text: "the Chinese
// coast guard", "Pyongyang's", "Duterte". Offsets are bytes into the text.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Actor is the registry code of the state or organisation named.
	Actor string `json:"actor"`
	// Country is the ISO3 code of the state behind the actor ("" for an
	// organisation or bloc).
	Country string `json:"country"`
	// Role is the CAMEO role the phrase implies ("GOV" for a capital used as
	// metonym, "MIL" for "armed forces").
	Role Role `json:"role,omitempty"`
	// Code is the CAMEO-style actor code: the actor's CAMEO code plus role,
	// e.g. "USAGOV", "CHNMIL", "PRK".
	Code string `json:"code"`
	// Kind tells how the text named the actor; Why explains the match in a
	// sentence an analyst can check ("capital of PRK used for its government").
	Kind NameKind `json:"kind"`
	Why  string   `json:"why"`
	// Possessive is set for "Pyongyang's" and "Russia's".
	Possessive bool `json:"possessive,omitempty"`
}

// Resolver finds actor mentions in text, date-aware: a leader's name resolves
// only within the person's term, "Moscow" means the USSR before 1991-12-26.
// The registry package implements it; the text coder depends only on this.
type Resolver interface {
	// FindMentions appends the mentions found in text on day on to dst and
	// returns it. Mentions do not overlap and come in text order.
	FindMentions(text string, on time.Time, dst []Mention) []Mention
	// Actor returns the actor with the registry code, if any.
	Actor(code string) (Actor, bool)
}
