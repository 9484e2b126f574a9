package petrarch

import (
	"fmt"
	"os"
	"testing"
)

func TestDump(t *testing.T) {
	f, _ := os.Open("/work/shared/data/petrarch2/validation/PETR.UnitTest.records.xml")
	rs, err := ReadRecords(f, "x")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Load("/work/shared/data/petrarch2/dictionaries", Files{Verbs: rs.Environment.VerbFile, Actors: rs.Environment.ActorFiles, Agents: rs.Environment.AgentFile, Discards: rs.Environment.DiscardFile})
	if err != nil {
		t.Fatal(err)
	}
	rep := d.Validate(rs)
	for _, r := range rep.Results {
		if !r.Pass && (os.Getenv("HALF") == "" || string(r.Half) == os.Getenv("HALF")) {
			fmt.Printf("FAIL %s want %v got %v %s %s\n", r.ID, r.Expected, r.Got.Events, r.Got.Discard, r.Got.Refused)
		}
	}
	fmt.Println(rep.Total, rep.Halves, rep.Categories)
}
