// Package finos is the official Go client of the Finos brokerage API.
//
//	c := finos.NewClient("sk_test_...", finos.WithBaseURL("http://127.0.0.1:8080"))
//	account, err := c.Accounts.Fetch(ctx, "0192f0c4-...")
//
// Every call takes a context and per-call options (WithIdempotencyKey, WithAPIKey, WithHeader,
// WithTimeout, WithMaxRetries). Failures are *Error values; use errors.As, or errors.Is with a
// sentinel such as ErrNotFound. Lists return an *Iter that follows every page.
//
// Money and share quantities are decimal strings, never floats.
package finos

import (
	"math/rand"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Version is this SDK's version; it is part of the User-Agent header.
const Version = "0.1.0"

// DefaultBaseURL is the production API. Use WithBaseURL for the sandbox or a local server.
const DefaultBaseURL = "https://api.finos.com"

// Defaults a client starts with; every one can be changed by an option.
const (
	DefaultMaxRetries     = 2
	DefaultConnectTimeout = 30 * time.Second
	DefaultReadTimeout    = 80 * time.Second
	// DefaultMaxRetryAfter is the longest Retry-After the client waits for before retrying a
	// 429 or 5xx answer; a longer one is returned to the caller at once.
	DefaultMaxRetryAfter = 20 * time.Second
)

// settings is what a call runs with: the client's, then changed by the call's own options.
type settings struct {
	apiKey         string
	baseURL        string
	headers        http.Header
	maxRetries     int
	connectTimeout time.Duration
	readTimeout    time.Duration
	maxRetryAfter  time.Duration
	backoffInitial time.Duration
	backoffMax     time.Duration
	idempotencyKey string
	responseHeader *http.Header
	httpClient     *http.Client
}

func (s settings) clone() settings {
	s.headers = s.headers.Clone()
	return s
}

// ClientOption configures a Client in NewClient.
type ClientOption interface{ applyClient(*settings) }

// RequestOption changes one call, e.g. c.Users.Create(ctx, p, finos.WithIdempotencyKey(k)).
type RequestOption interface{ applyRequest(*settings) }

// Option works both for a whole client (NewClient) and for a single call.
type Option func(*settings)

func (o Option) applyClient(s *settings)  { o(s) }
func (o Option) applyRequest(s *settings) { o(s) }

type clientOption func(*settings)

func (o clientOption) applyClient(s *settings) { o(s) }

type requestOption func(*settings)

func (o requestOption) applyRequest(s *settings) { o(s) }

// WithBaseURL sends requests to another server, e.g. the local sandbox http://127.0.0.1:8080.
func WithBaseURL(u string) Option {
	return func(s *settings) { s.baseURL = strings.TrimRight(u, "/") }
}

// WithAPIKey uses another secret key (for one call, or instead of the one given to NewClient).
func WithAPIKey(key string) Option {
	return func(s *settings) { s.apiKey = key }
}

// WithHeader adds a header to every request (client) or to one call's request.
func WithHeader(name, value string) Option {
	return func(s *settings) { s.headers.Set(name, value) }
}

// WithMaxRetries sets how many times a failed attempt is retried (2 by default; 0 turns retries off).
func WithMaxRetries(n int) Option {
	return func(s *settings) {
		if n < 0 {
			n = 0
		}
		s.maxRetries = n
	}
}

// WithTimeouts sets how long an attempt may take to connect (30 s by default) and then to
// receive the whole answer (80 s by default). A zero duration keeps the current value.
func WithTimeouts(connect, read time.Duration) Option {
	return func(s *settings) {
		if connect > 0 {
			s.connectTimeout = connect
		}
		if read > 0 {
			s.readTimeout = read
		}
	}
}

// WithTimeout sets the read timeout: how long each attempt may wait for its answer once
// connected. A timed-out attempt is retried like a dropped connection. For a deadline on the
// whole call, retries included, use the context.
func WithTimeout(read time.Duration) Option {
	return WithTimeouts(0, read)
}

// WithMaxRetryAfter sets the longest Retry-After the client honours by waiting and retrying.
func WithMaxRetryAfter(d time.Duration) Option {
	return func(s *settings) { s.maxRetryAfter = d }
}

// WithHTTPClient sends requests through hc (its Transport, proxy and TLS settings). The
// client's own connect and read timeouts still apply to every attempt.
func WithHTTPClient(hc *http.Client) ClientOption {
	return clientOption(func(s *settings) { s.httpClient = hc })
}

// WithBackoff sets the wait before the first retry and the longest wait between retries
// (0.5 s and 8 s by default). Each wait doubles, then a random part of up to half of it is
// taken off so that many clients do not retry in step.
func WithBackoff(initial, max time.Duration) ClientOption {
	return clientOption(func(s *settings) {
		if initial > 0 {
			s.backoffInitial = initial
		}
		if max > 0 {
			s.backoffMax = max
		}
	})
}

// WithIdempotencyKey sends key as the Idempotency-Key of a write instead of a generated one.
// The same key is sent on every retry of the call.
func WithIdempotencyKey(key string) RequestOption {
	return requestOption(func(s *settings) { s.idempotencyKey = key })
}

// WithResponseHeader stores the headers of the call's final answer in *h (for X-Request-Id,
// Idempotent-Replayed or the rate-limit headers).
func WithResponseHeader(h *http.Header) RequestOption {
	return requestOption(func(s *settings) { s.responseHeader = h })
}

// NewClient makes a client that authenticates with the secret key apiKey (sent as a Bearer token).
func NewClient(apiKey string, opts ...ClientOption) *Client {
	s := settings{
		apiKey:         apiKey,
		baseURL:        DefaultBaseURL,
		headers:        http.Header{},
		maxRetries:     DefaultMaxRetries,
		connectTimeout: DefaultConnectTimeout,
		readTimeout:    DefaultReadTimeout,
		maxRetryAfter:  DefaultMaxRetryAfter,
		backoffInitial: 500 * time.Millisecond,
		backoffMax:     8 * time.Second,
	}
	for _, o := range opts {
		o.applyClient(&s)
	}
	if s.httpClient == nil {
		s.httpClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	c := &Client{b: &backend{settings: s, sleep: sleepContext, jitter: newJitter()}}
	c.initServices()
	return c
}

// newJitter returns a source of random fractions in [0, 1) that is safe for concurrent use.
func newJitter() func() float64 {
	var mu sync.Mutex
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		return r.Float64()
	}
}

// Ptr returns a pointer to v, for optional fields: Ptr(false), Ptr(int64(5)).
func Ptr[T any](v T) *T { return &v }

// Bool returns a pointer to v, for optional bool fields.
func Bool(v bool) *bool { return &v }

// Int64 returns a pointer to v, for optional integer fields.
func Int64(v int64) *int64 { return &v }

// Float64 returns a pointer to v, for optional number fields.
func Float64(v float64) *float64 { return &v }
