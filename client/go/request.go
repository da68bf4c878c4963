package finos

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// backend sends the requests of every service of one Client.
type backend struct {
	settings settings
	// sleep waits between attempts; tests replace it to see the waits without taking them.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func() float64
}

// apiRequest is one API call as the generated services describe it.
type apiRequest struct {
	method     string
	path       string
	query      url.Values
	body       interface{}
	idempotent bool
	public     bool
}

// buildPath fills the {name} segments of template with args, in order, each escaped.
func buildPath(template string, args ...string) string {
	var b strings.Builder
	rest := template
	for _, a := range args {
		open := strings.IndexByte(rest, '{')
		end := strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			break
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(a))
		rest = rest[end+1:]
	}
	b.WriteString(rest)
	return b.String()
}

// emptyPathArgument names a path parameter the caller left empty: such a call would reach
// another endpoint (GET /v1/users/ is not GET /v1/users/{id}), so it is refused before sending.
func emptyPathArgument(r *apiRequest) error {
	if strings.Contains(r.path, "//") || strings.HasSuffix(r.path, "/") {
		return &Error{Type: ErrorTypeInvalidRequest, Message: "finos: a path argument of " + r.method + " " + r.path + " is empty"}
	}
	return nil
}

func (b *backend) call(ctx context.Context, r *apiRequest, opts []RequestOption, out interface{}) error {
	data, err := b.do(ctx, r, opts)
	if err != nil {
		return err
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &Error{Type: ErrorTypeAPIError, Message: "finos: could not decode the answer of " + r.method + " " + r.path + ": " + err.Error(), Err: err}
	}
	return nil
}

func (b *backend) callRaw(ctx context.Context, r *apiRequest, opts []RequestOption) ([]byte, error) {
	return b.do(ctx, r, opts)
}

// newIdempotencyKey is a random UUID (version 4) from crypto/rand.
func newIdempotencyKey() string {
	var u [16]byte
	if _, err := io.ReadFull(rand.Reader, u[:]); err != nil {
		// crypto/rand does not fail on supported platforms; a time-based key still keeps retries together.
		return fmt.Sprintf("finos-go-%d", time.Now().UnixNano())
	}
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	h := hex.EncodeToString(u[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// attemptResult is what one HTTP exchange gave: an answer, or a transport failure.
type attemptResult struct {
	status int
	header http.Header
	body   []byte
	err    error
}

// do sends r, retrying connection failures, timeouts, 5xx and 429 (when Retry-After is short),
// and returns the body of a 2xx answer or an *Error.
func (b *backend) do(ctx context.Context, r *apiRequest, opts []RequestOption) ([]byte, error) {
	s := b.settings.clone()
	for _, o := range opts {
		o.applyRequest(&s)
	}
	if err := emptyPathArgument(r); err != nil {
		return nil, err
	}
	var payload []byte
	if r.body != nil && !isNilPointer(r.body) {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return nil, &Error{Type: ErrorTypeInvalidRequest, Message: "finos: could not encode the request body: " + err.Error(), Err: err}
		}
	} else if r.method != http.MethodGet && r.method != http.MethodDelete {
		payload = []byte("{}")
	}
	if r.idempotent && s.idempotencyKey == "" {
		s.idempotencyKey = newIdempotencyKey()
	}
	target := s.baseURL + r.path
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}
	for attempt := 0; ; attempt++ {
		res := b.attempt(ctx, &s, r, target, payload)
		if res.err == nil && res.status >= 200 && res.status < 300 {
			if s.responseHeader != nil {
				*s.responseHeader = res.header
			}
			return res.body, nil
		}
		wait, retry := b.retryWait(ctx, &s, attempt, res)
		if !retry {
			if s.responseHeader != nil && res.header != nil {
				*s.responseHeader = res.header
			}
			return nil, b.failure(ctx, r, res)
		}
		if err := b.sleep(ctx, wait); err != nil {
			return nil, &Error{Type: ErrorTypeAPIConnection, Message: "finos: " + err.Error() + " while waiting to retry " + r.method + " " + r.path, Err: err}
		}
	}
}

func isNilPointer(v interface{}) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Ptr && rv.IsNil()
}

// retryWait decides whether the failed attempt number `attempt` (0 is the first) is retried,
// and after how long.
func (b *backend) retryWait(ctx context.Context, s *settings, attempt int, res attemptResult) (time.Duration, bool) {
	if attempt >= s.maxRetries || ctx.Err() != nil {
		return 0, false
	}
	backoff := b.backoff(s, attempt)
	if res.err != nil {
		return backoff, true
	}
	if res.status != http.StatusTooManyRequests && res.status < 500 {
		return 0, false
	}
	if after, ok := retryAfter(res.header); ok {
		if after > s.maxRetryAfter {
			return 0, false
		}
		if after > backoff {
			return after, true
		}
	}
	return backoff, true
}

// backoff is initial·2^attempt, capped, less a random part of up to half of it.
func (b *backend) backoff(s *settings, attempt int) time.Duration {
	d := s.backoffInitial
	for i := 0; i < attempt && d < s.backoffMax; i++ {
		d *= 2
	}
	if d > s.backoffMax {
		d = s.backoffMax
	}
	return d/2 + time.Duration(b.jitter()*float64(d/2))
}

// retryAfter reads Retry-After as seconds or as an HTTP date.
func retryAfter(h http.Header) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := time.Until(t)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// errTimeout is the cause of an attempt stopped by the connect or read timeout.
type errTimeout struct {
	phase string
	after time.Duration
}

func (e *errTimeout) Error() string {
	return fmt.Sprintf("%s timed out after %s", e.phase, e.after)
}

// Timeout lets net.Error-style checks see it as a timeout.
func (e *errTimeout) Timeout() bool { return true }

// attempt makes one HTTP exchange. The connect timeout runs until a connection is had, the read
// timeout from then until the whole answer is read; either cancels only this attempt.
func (b *backend) attempt(ctx context.Context, s *settings, r *apiRequest, target string, payload []byte) attemptResult {
	actx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var timedOut *errTimeout
	var readTimer *time.Timer
	expire := func(phase string, after time.Duration) func() {
		return func() {
			mu.Lock()
			if timedOut == nil {
				timedOut = &errTimeout{phase: phase, after: after}
			}
			mu.Unlock()
			cancel()
		}
	}
	connectTimer := time.AfterFunc(s.connectTimeout, expire("connecting", s.connectTimeout))
	trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) {
		mu.Lock()
		defer mu.Unlock()
		if readTimer == nil && connectTimer.Stop() {
			readTimer = time.AfterFunc(s.readTimeout, expire("reading the answer", s.readTimeout))
		}
	}}
	defer func() {
		connectTimer.Stop()
		mu.Lock()
		if readTimer != nil {
			readTimer.Stop()
		}
		mu.Unlock()
	}()

	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(actx, trace), r.method, target, body)
	if err != nil {
		return attemptResult{err: err}
	}
	if s.apiKey != "" && !r.public {
		req.Header.Set("Authorization", "Bearer "+s.apiKey)
	}
	req.Header.Set("User-Agent", "finos-go/"+Version)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.idempotent {
		req.Header.Set("Idempotency-Key", s.idempotencyKey)
	}
	for name, values := range s.headers {
		req.Header[name] = append([]string(nil), values...)
	}
	timeoutErr := func(err error) error {
		mu.Lock()
		defer mu.Unlock()
		if timedOut != nil && ctx.Err() == nil {
			return timedOut
		}
		return err
	}
	resp, err := s.httpClient.Do(req)
	if err != nil {
		return attemptResult{err: timeoutErr(err)}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return attemptResult{err: timeoutErr(err)}
	}
	return attemptResult{status: resp.StatusCode, header: resp.Header, body: data}
}

// failure turns the last attempt into the *Error the caller gets.
func (b *backend) failure(ctx context.Context, r *apiRequest, res attemptResult) error {
	if res.err != nil {
		cause := res.err
		if ctx.Err() != nil {
			cause = ctx.Err()
		}
		var te *errTimeout
		msg := "finos: " + r.method + " " + r.path + " failed: " + cause.Error()
		if errors.As(cause, &te) {
			msg = "finos: " + r.method + " " + r.path + ": " + te.Error()
		}
		return &Error{Type: ErrorTypeAPIConnection, Message: msg, Err: cause}
	}
	return errorFromResponse(res.status, res.header, res.body)
}
