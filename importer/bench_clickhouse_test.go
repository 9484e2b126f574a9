package importer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"entente/clickhouse"
)

// BenchmarkGDELT2ImportClickHouse loads the same 2M-row GDELT 2.0 export as
// BenchmarkGDELT2Import through entente's importer into ClickHouse: one
// server, and two shards when ENTENTE_CLICKHOUSE names two servers. The
// rows go in native column batches.
//
//	ENTENTE_CLICKHOUSE=127.0.0.1:19000,127.0.0.1:19001 \
//	  go test ./importer -run '^$' -bench 'GDELT2ImportClickHouse' -benchtime 1x
func BenchmarkGDELT2ImportClickHouse(b *testing.B) {
	env := os.Getenv("ENTENTE_CLICKHOUSE")
	if env == "" {
		b.Skip("ENTENTE_CLICKHOUSE is not set: no ClickHouse server (.ci/clickhouse-up starts two local ones)")
	}
	addrs := strings.Split(env, ",")
	reg := testRegistry(b)
	path := makeGDELTBench(b, b.TempDir(), benchRows)
	ctx := context.Background()
	layouts := map[string][]string{"one-server": addrs[:1]}
	if len(addrs) > 1 {
		layouts["two-shards"] = addrs[:2]
	}
	for name, hosts := range layouts {
		b.Run(name, func(b *testing.B) {
			var elapsed, cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				var rnd [6]byte
				rand.Read(rnd[:])
				cfg := clickhouse.Config{Addrs: hosts, Database: "entente_bench_" + hex.EncodeToString(rnd[:])}
				if len(hosts) > 1 {
					cfg.Cluster = "entente"
				}
				st, err := clickhouse.Open(ctx, cfg)
				if err != nil {
					b.Fatal(err)
				}
				im, err := New(st, Config{Registry: reg})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start, c0 := time.Now(), cpuTime()
				rep, err := im.Import(ctx, "gdelt2", path)
				elapsed += time.Since(start)
				cpu += cpuTime() - c0
				b.StopTimer()
				st.DropDatabase(ctx)
				st.Close()
				if err != nil {
					b.Fatal(err)
				}
				if rep.Files[0].Stored["events"] != int64(benchRows) {
					b.Fatalf("stored %v", rep.Files[0].Stored)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(benchRows)*float64(b.N)/elapsed.Seconds(), "rows/s")
			// The client's CPU only; the servers' is not counted.
			b.ReportMetric(cpu.Seconds()/float64(b.N), "client-cpu-s/op")
		})
	}
}
