package entente

import "encoding/json"

// rollCallMeta is the part of a roll call that only the UN's own
// resolution files carry. Stores keep it as one JSON document beside the
// roll call's columns, so that the DGACM fields can grow without a
// migration in every store; empty fields are left out, so a roll call from
// the Voeten data stores "{}".
type rollCallMeta struct {
	Sponsors           []string    `json:"sponsors,omitempty"`
	AdditionalSponsors []string    `json:"additional_sponsors,omitempty"`
	SponsorNote        string      `json:"sponsor_note,omitempty"`
	Subjects           []string    `json:"subjects,omitempty"`
	Committee          string      `json:"committee,omitempty"`
	AgendaItem         string      `json:"agenda_item,omitempty"`
	AgendaTitle        string      `json:"agenda_title,omitempty"`
	Draft              string      `json:"draft,omitempty"`
	Record             string      `json:"record,omitempty"`
	Counts             *VoteCounts `json:"counts,omitempty"`
	MoreEvidence       []Evidence  `json:"more_evidence,omitempty"`
}

// MetaJSON encodes the roll call's DGACM fields (sponsors, subjects,
// committee, agenda, draft, record, counts, further evidence) as the JSON
// document stores keep beside its columns.
func (rc RollCall) MetaJSON() ([]byte, error) {
	return json.Marshal(rollCallMeta{
		Sponsors: rc.Sponsors, AdditionalSponsors: rc.AdditionalSponsors, SponsorNote: rc.SponsorNote, Subjects: rc.Subjects,
		Committee: rc.Committee, AgendaItem: rc.AgendaItem, AgendaTitle: rc.AgendaTitle, Draft: rc.Draft, Record: rc.Record,
		Counts: rc.Counts, MoreEvidence: rc.MoreEvidence,
	})
}

// SetMetaJSON sets the roll call's DGACM fields from a document written by
// MetaJSON. It returns the JSON decoder's error for a damaged document.
func (rc *RollCall) SetMetaJSON(b []byte) error {
	var m rollCallMeta
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	rc.Sponsors, rc.AdditionalSponsors, rc.SponsorNote, rc.Subjects = m.Sponsors, m.AdditionalSponsors, m.SponsorNote, m.Subjects
	rc.Committee, rc.AgendaItem, rc.AgendaTitle, rc.Draft, rc.Record = m.Committee, m.AgendaItem, m.AgendaTitle, m.Draft, m.Record
	rc.Counts, rc.MoreEvidence = m.Counts, m.MoreEvidence
	return nil
}
