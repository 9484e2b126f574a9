package clickhouse

import "entente"

// rollCallMeta is the JSON kept in rollcalls.meta (migration 0002): the
// roll-call fields only the UN's resolution files carry.
type rollCallMeta struct {
	Sponsors           []string            `json:"sponsors,omitempty"`
	AdditionalSponsors []string            `json:"additional_sponsors,omitempty"`
	SponsorNote        string              `json:"sponsor_note,omitempty"`
	Subjects           []string            `json:"subjects,omitempty"`
	Committee          string              `json:"committee,omitempty"`
	AgendaItem         string              `json:"agenda_item,omitempty"`
	AgendaTitle        string              `json:"agenda_title,omitempty"`
	Draft              string              `json:"draft,omitempty"`
	Record             string              `json:"record,omitempty"`
	Counts             *entente.VoteCounts `json:"counts,omitempty"`
	MoreEvidence       []entente.Evidence  `json:"more_evidence,omitempty"`
}

func metaOf(rc entente.RollCall) rollCallMeta {
	return rollCallMeta{
		Sponsors: rc.Sponsors, AdditionalSponsors: rc.AdditionalSponsors, SponsorNote: rc.SponsorNote, Subjects: rc.Subjects,
		Committee: rc.Committee, AgendaItem: rc.AgendaItem, AgendaTitle: rc.AgendaTitle, Draft: rc.Draft, Record: rc.Record,
		Counts: rc.Counts, MoreEvidence: rc.MoreEvidence,
	}
}

func (m rollCallMeta) apply(rc *entente.RollCall) {
	rc.Sponsors, rc.AdditionalSponsors, rc.SponsorNote, rc.Subjects = m.Sponsors, m.AdditionalSponsors, m.SponsorNote, m.Subjects
	rc.Committee, rc.AgendaItem, rc.AgendaTitle, rc.Draft, rc.Record = m.Committee, m.AgendaItem, m.AgendaTitle, m.Draft, m.Record
	rc.Counts, rc.MoreEvidence = m.Counts, m.MoreEvidence
}
