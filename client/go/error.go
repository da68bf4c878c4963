package finos

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Error is every failure a call returns: an error answer of the API (HTTPStatus set), or a
// request that never got an answer (Type ErrorTypeAPIConnection, HTTPStatus 0, Err the cause).
//
//	var fe *finos.Error
//	if errors.As(err, &fe) { log.Print(fe.HTTPStatus, fe.Type, fe.Field, fe.RequestID) }
//	if errors.Is(err, finos.ErrNotFound) { ... }
type Error struct {
	// HTTPStatus is the answer's status code; 0 when there was no answer.
	HTTPStatus int
	// Type is the API's error type (not_found, invalid_request, ...). An answer without a
	// readable error body gets the type its status implies.
	Type ErrorType
	// Message is the API's explanation; it names the field at fault when there is one.
	Message string
	// Field is the request field at fault, when the API names one.
	Field string
	// RequestID identifies the request in the API's logs (X-Request-Id); quote it to support.
	RequestID string
	// Header is the error answer's headers (Retry-After, rate limits); nil without an answer.
	Header http.Header
	// Err is the underlying cause of a connection failure (a timeout, a refused connection,
	// the context's error).
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("finos: ")
	if e.HTTPStatus != 0 {
		fmt.Fprintf(&b, "%d ", e.HTTPStatus)
	}
	b.WriteString(string(e.Type))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(strings.TrimPrefix(e.Message, "finos: "))
	}
	if e.RequestID != "" {
		b.WriteString(" (request ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap gives errors.Is and errors.As the cause of a connection failure, e.g.
// errors.Is(err, context.DeadlineExceeded).
func (e *Error) Unwrap() error { return e.Err }

// Is matches the sentinels below by error type: errors.Is(err, finos.ErrNotFound).
func (e *Error) Is(target error) bool {
	k, ok := target.(errorKind)
	return ok && ErrorType(k) == e.Type
}

// errorKind is the type of the sentinels: it compares equal to any *Error of its type.
type errorKind ErrorType

func (k errorKind) Error() string { return "finos: " + string(k) }

// Sentinels for errors.Is, one per error type of the API.
var (
	// ErrNotFound: the object does not exist (404).
	ErrNotFound error = errorKind(ErrorTypeNotFound)
	// ErrAuthentication: a missing or unknown key (401), or a key that may not do this (403).
	ErrAuthentication error = errorKind(ErrorTypeAuthenticationError)
	// ErrInvalidRequest: a bad request (400), a refused one (402), a conflict such as a reused
	// Idempotency-Key (409), or a body too large (413).
	ErrInvalidRequest error = errorKind(ErrorTypeInvalidRequest)
	// ErrValidation: a field failed validation (400).
	ErrValidation error = errorKind(ErrorTypeValidationError)
	// ErrRateLimit: too many requests (429) and not retried, or still limited after the retries.
	ErrRateLimit error = errorKind(ErrorTypeRateLimitExceeded)
	// ErrAPI: the API failed (5xx) or its answer could not be read.
	ErrAPI error = errorKind(ErrorTypeAPIError)
	// ErrAPIConnection: no answer (connection refused or dropped, a timeout, a canceled context).
	ErrAPIConnection error = errorKind(ErrorTypeAPIConnection)
)

// errorFromResponse reads the API's {"error":{"type","message","field","request_id"}} body.
func errorFromResponse(status int, header http.Header, body []byte) *Error {
	e := &Error{HTTPStatus: status, Header: header, RequestID: header.Get("X-Request-Id")}
	var parsed ErrorResponse
	if err := json.Unmarshal(body, &parsed); err == nil && parsed.Error.Type != "" {
		e.Type = parsed.Error.Type
		e.Message = parsed.Error.Message
		e.Field = parsed.Error.Field
		if parsed.Error.RequestID != "" {
			e.RequestID = parsed.Error.RequestID
		}
		return e
	}
	e.Type = typeForStatus(status)
	e.Message = strings.TrimSpace(http.StatusText(status))
	if text := strings.TrimSpace(string(body)); text != "" {
		if len(text) > 200 {
			text = text[:200] + "…"
		}
		e.Message += ": " + text
	}
	return e
}

func typeForStatus(status int) ErrorType {
	switch {
	case status == http.StatusNotFound:
		return ErrorTypeNotFound
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return ErrorTypeAuthenticationError
	case status == http.StatusTooManyRequests:
		return ErrorTypeRateLimitExceeded
	case status >= 500:
		return ErrorTypeAPIError
	default:
		return ErrorTypeInvalidRequest
	}
}
