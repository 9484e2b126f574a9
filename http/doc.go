// Package http is entente's HTTP face: a JSON API under /api/v1/, its
// OpenAPI 3.1 description at /api/openapi.json and the embedded web
// application at /. Handlers only read the request, call the same services
// the CLI calls (registry, measures, the coalition engine, the coder and
// ingestion) and write the answer; errors become application/problem+json
// through one table (problem.go).
//
// Security from the start: the server binds to loopback unless told
// otherwise, every write (ingest, import) needs the bearer token read from
// --token-file, request bodies and run times are bounded, requests never
// name a file outside the configured data folder, and URL ingestion refuses
// private and loopback addresses unless AllowPrivate is set.
package http
