package registry

import (
	"os"
	"strings"
	"testing"
)

// benchSentences is running text in the style of the motivating case, dense
// with mentions of every kind: names, demonyms with roles, capitals,
// possessives, leaders and organisations.
var benchSentences = []string{
	"In 2024 Russia and North Korea signed a mutual defence pact after Putin's visit to Pyongyang.",
	"North Korean troops were deployed alongside Russian forces in the Kursk region, officials in Seoul said.",
	"China stayed publicly silent, as Beijing did after North Korea shelled Yeonpyeong Island in 2010.",
	"The Chinese coast guard fired water cannon at a Philippine vessel near Second Thomas Shoal.",
	"Russia's foreign ministry rejected the statement issued by the US, Australia and Japan.",
	"The government of China said the U.S. should stop interfering, while the Kremlin declined to comment.",
	"Kim Jong Un met Xi Jinping and thanked the Chinese people for their support.",
	"ASEAN ministers, NATO officials and the United Nations urged restraint; the Philippines' navy stood by.",
	"Japan, South Korea and the United States held drills as Pyongyang launched another missile.",
	"Moscow and Tehran expanded cooperation, and the armed forces of Russia received Iranian drones.",
}

var benchText = strings.Join(benchSentences, " ")

// benchRegistry prefers the real registry and falls back to the fixture
// while the data files are incomplete, saying so in the log.
func benchRegistry(b *testing.B) *Registry {
	b.Helper()
	r, err := Load()
	if err != nil {
		b.Logf("embedded registry unavailable (%v); using testdata/mini", err)
		return mini(b)
	}
	return r
}

// BenchmarkRegistry_FindMentions measures mention finding on running text;
// the target is at least 1,000,000 mentions per second on one core.
func BenchmarkRegistry_FindMentions(b *testing.B) {
	r := benchRegistry(b)
	on := d("2024-11-01")
	dst := r.FindMentions(benchText, on, nil)
	per := len(dst)
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		dst = r.FindMentions(benchText, on, dst[:0])
	}
	total := float64(per) * float64(b.N)
	b.ReportMetric(total/b.Elapsed().Seconds(), "mentions/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/total, "ns/mention")
}

// BenchmarkRegistry_Load measures loading the embedded registry; the target
// is under 50 ms.
func BenchmarkRegistry_Load(b *testing.B) {
	if _, err := Load(); err != nil {
		b.Skipf("embedded registry unavailable: %v", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegistry_LoadMini measures loading the fixture, for comparison.
func BenchmarkRegistry_LoadMini(b *testing.B) {
	fsys := os.DirFS("testdata/mini")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadFS(fsys); err != nil {
			b.Fatal(err)
		}
	}
}
