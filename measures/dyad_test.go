package measures_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"entente"
)

func TestEventAffinity_Compute(t *testing.T) {
	e := engine(t, openStore(t, leverageFixture(t)))
	ctx := context.Background()
	tests := []struct {
		name            string
		src, tgt        string
		from, to        int
		events, negated int64
		hostile         int64
		mean            float64
		categories      string
	}{
		{"USA to PRK 2024", "USA", "PRK", 2024, 2024, 3, 1, 2, (-4.4 - 4.4 + 1) / 3, "THREATEN,CONSULT,ASSAULT"},
		{"USA to PRK 2023-2024", "USA", "PRK", 2023, 2024, 4, 1, 3, (-4.4 - 4.4 + 1 - 10) / 4, "THREATEN,ASSAULT,CONSULT"},
		{"PRK to RUS is another direction", "PRK", "RUS", 2024, 2024, 1, 0, 0, 3.4, "SUPPORT"},
		{"nothing in 2020", "USA", "PRK", 2020, 2020, 0, 0, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := e.EventAffinity(ctx, tt.src, tt.tgt, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if a.Events != tt.events || a.Negated != tt.negated || a.Hostile != tt.hostile {
				t.Errorf("events %d negated %d hostile %d, want %d %d %d", a.Events, a.Negated, a.Hostile, tt.events, tt.negated, tt.hostile)
			}
			if tt.events == 0 {
				if a.GoldsteinMean != nil || a.HasData() {
					t.Errorf("mean %v on no events", a.GoldsteinMean)
				}
				return
			}
			if a.GoldsteinMean == nil || !near(*a.GoldsteinMean, tt.mean, 1e-9) {
				t.Errorf("mean Goldstein %v, want %v", a.GoldsteinMean, tt.mean)
			}
			var cats []string
			for _, c := range a.Categories {
				cats = append(cats, c.PLOVER)
			}
			if strings.Join(cats, ",") != tt.categories {
				t.Errorf("categories %v, want %s", cats, tt.categories)
			}
		})
	}
}

func TestDyadTimeline_Compute(t *testing.T) {
	e := engine(t, openStore(t, leverageFixture(t)))
	ctx := context.Background()
	d, err := e.DyadTimeline(ctx, "PRK", "CHN", 2013, 2024)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Years) != 12 || d.Years[0].Year != 2013 || d.Years[11].Year != 2024 {
		t.Fatalf("years %d", len(d.Years))
	}
	y14, y24 := d.Years[1], d.Years[11]
	if !near(value(y14.Trade.AonB.Share), 0.823831, 1e-6) || !near(value(y14.Trade.BonA.Share), 0.001260, 1e-6) {
		t.Errorf("2014 trade %+v", y14.Trade)
	}
	if y24.Trade.HasData() {
		t.Errorf("2024 shows trade rows although COW ends in 2014: %+v", y24.Trade)
	}
	if !y24.LeverageBoverA.Terms[0].Curated || y24.LeverageBoverA.Level != 5 || y24.LeverageAoverB.Terms[0].Curated {
		t.Errorf("2024 leverage: CHN over PRK level %d, trade term %+v", y24.LeverageBoverA.Level, y24.LeverageBoverA.Terms[0])
	}
	if len(y24.Security) != 4 || len(d.Security) != 4 || !y24.Security[0].CarriedForward || d.Security[0].CarriedForward {
		t.Errorf("security 2024 %v, spells %v", labels(y24.Security), labels(d.Security))
	}
	if len(d.Facts) != 2 || d.Facts[0].ID != "chn-prk-1961" || d.Facts[1].ID != "prk-chn-trade-2023" {
		t.Errorf("facts %+v", d.Facts)
	}
	// The JSON form holds no NaN and round-trips.
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"curated":true`) {
		t.Error("JSON does not mark curated facts")
	}

	// Both directions of events are read: RUS-PRK in 2024.
	r, err := e.DyadTimeline(ctx, "RUS", "PRK", 2024, 2024)
	if err != nil {
		t.Fatal(err)
	}
	if r.Years[0].EventsAB.Events != 2 || r.Years[0].EventsBA.Events != 1 {
		t.Errorf("events RUS→PRK %d, PRK→RUS %d", r.Years[0].EventsAB.Events, r.Years[0].EventsBA.Events)
	}
	var deployment bool
	for _, f := range r.Facts {
		deployment = deployment || f.ID == "prk-rus-troops-2024" && f.Kind == entente.TieDeployment
	}
	if !deployment {
		t.Errorf("the 2024 deployment is not among the facts: %+v", r.Facts)
	}

	for _, bad := range [][2]int{{2024, 2013}, {1000, 2000}, {1800, 2150}} {
		if _, err := e.DyadTimeline(ctx, "RUS", "PRK", bad[0], bad[1]); !errors.Is(err, entente.ErrInvalid) {
			t.Errorf("years %v: err %v", bad, err)
		}
	}
}
