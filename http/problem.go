package http

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	nethttp "net/http"

	"entente"
)

// Problem is an RFC 9457 problem detail. Field and Line name the part of
// the input at fault, as the CLI's input errors do.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	Field  string `json:"field,omitempty"`
	Line   int64  `json:"line,omitempty"`
	Hint   string `json:"hint,omitempty"`
}

// Errors of the HTTP face itself; the domain's come from package entente.
var (
	errUnauthorized = errors.New("a write needs the bearer token (Authorization: Bearer …)")
	errWritesOff    = errors.New("writes are disabled: start entente serve with --token-file")
	errTooLarge     = errors.New("request body too large")
	errMethod       = errors.New("method not allowed")
	errPrivateAddr  = errors.New("refusing a private or loopback address (start entente serve with --allow-private)")
)

// statusTable is the one mapping from errors to statuses: the first entry
// the error matches (errors.Is) decides. Anything else is a 500 whose
// detail stays in the server log.
var statusTable = []struct {
	err    error
	status int
	title  string
}{
	{errUnauthorized, nethttp.StatusUnauthorized, "Unauthorized"},
	{errWritesOff, nethttp.StatusForbidden, "Forbidden"},
	{errTooLarge, nethttp.StatusRequestEntityTooLarge, "Request too large"},
	{errPrivateAddr, nethttp.StatusForbidden, "Forbidden address"},
	{errMethod, nethttp.StatusMethodNotAllowed, "Method not allowed"},
	{entente.ErrNotFound, nethttp.StatusNotFound, "Not found"},
	{entente.ErrAmbiguous, nethttp.StatusConflict, "Ambiguous"},
	{entente.ErrConflict, nethttp.StatusConflict, "Conflict"},
	{entente.ErrInvalid, nethttp.StatusBadRequest, "Invalid input"},
	{entente.ErrUnsupported, nethttp.StatusNotImplemented, "Not supported"},
	{context.DeadlineExceeded, nethttp.StatusGatewayTimeout, "Timed out"},
}

// problemOf turns an error into the problem users see. Only errors in the
// table show their message; an internal error shows a fixed sentence.
func problemOf(err error) Problem {
	for _, row := range statusTable {
		if !errors.Is(err, row.err) {
			continue
		}
		p := Problem{Type: "about:blank", Title: row.title, Status: row.status, Detail: err.Error()}
		var in *entente.InputError
		if errors.As(err, &in) {
			p.Field, p.Line = in.Field, in.Line
		}
		var usage *entente.UsageError
		if errors.As(err, &usage) {
			p.Hint = usage.Hint
		}
		return p
	}
	return Problem{Type: "about:blank", Title: "Internal error", Status: nethttp.StatusInternalServerError,
		Detail: "internal error; the server log has the detail"}
}

// writeProblem answers with the problem for err, logging internal errors.
func writeProblem(w nethttp.ResponseWriter, r *nethttp.Request, log *slog.Logger, err error) {
	p := problemOf(err)
	if p.Status >= 500 {
		log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	} else {
		log.Debug("request refused", "method", r.Method, "path", r.URL.Path, "status", p.Status, "err", err)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// badParam is an invalid query or body parameter, named for the problem.
func badParam(field string, err error) error {
	return &entente.InputError{File: "request", Field: field, Err: err}
}
