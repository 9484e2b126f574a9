package duckdb

import "entente"

// rollCallMeta is the JSON kept in rollcalls.meta (migration 0003): the
// fields of a roll call that the UN's own resolution files add. Empty
// fields are left out so that a Voeten roll call stores "{}".
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
		Sponsors:           rc.Sponsors,
		AdditionalSponsors: rc.AdditionalSponsors,
		SponsorNote:        rc.SponsorNote,
		Subjects:           rc.Subjects,
		Committee:          rc.Committee,
		AgendaItem:         rc.AgendaItem,
		AgendaTitle:        rc.AgendaTitle,
		Draft:              rc.Draft,
		Record:             rc.Record,
		Counts:             rc.Counts,
		MoreEvidence:       rc.MoreEvidence,
	}
}

func (m rollCallMeta) apply(rc *entente.RollCall) {
	rc.Sponsors = m.Sponsors
	rc.AdditionalSponsors = m.AdditionalSponsors
	rc.SponsorNote = m.SponsorNote
	rc.Subjects = m.Subjects
	rc.Committee = m.Committee
	rc.AgendaItem = m.AgendaItem
	rc.AgendaTitle = m.AgendaTitle
	rc.Draft = m.Draft
	rc.Record = m.Record
	rc.Counts = m.Counts
	rc.MoreEvidence = m.MoreEvidence
}
