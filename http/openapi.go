package http

import _ "embed"

// openAPI is the OpenAPI 3.1 description served at /api/openapi.json; a
// test checks it against the route table both ways.
//
//go:embed openapi.json
var openAPI []byte
