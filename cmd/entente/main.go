// Command entente keeps an evidence-backed picture of how states are tied
// to each other and answers analysts' questions about it. This file stays
// thin: Main (main_struct.go) does the wiring so end-to-end tests reuse it.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := NewMain().Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
