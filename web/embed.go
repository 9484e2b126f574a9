// Package web holds the web application of `entente serve`, embedded in
// the binary. The TypeScript sources in src/ are bundled by esbuild into
// dist/ (make web, which make build runs when npm is present); the bundle
// is never committed. dist/placeholder.html is, so that the Go build works
// without npm and the server says how to build the real thing.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Files returns the web application: index.html, app.js and app.css at
// the root when the bundle is built, else only placeholder.html.
func Files() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only on an invalid name, and "dist" is valid.
		panic(err)
	}
	return sub
}
