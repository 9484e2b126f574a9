package coalition

import (
	"fmt"
	"time"

	"entente"
)

// FutureMargin is how far past today a motion may be dated. Drafts are
// tabled weeks or months before their vote and an analyst may forecast the
// next session's motions, so a year ahead is accepted; a later date is
// almost always a typing slip (2052 for 2025), and a forecast for it would
// rest on nothing the store could hold.
const FutureMargin = 366 * 24 * time.Hour

// CheckNotFuture refuses a motion dated more than FutureMargin after
// today (the store's clock), naming the file, line and field.
func (m Motion) CheckNotFuture(today time.Time) error {
	last := today.Add(FutureMargin)
	if m.Date.After(last) {
		return m.errorAt("date", fmt.Errorf("%s is more than a year after today (%s): the latest accepted date is %s",
			m.Date.Format(entente.DateLayout), today.Format(entente.DateLayout), last.Format(entente.DateLayout)))
	}
	return nil
}
