package finos

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is a test server that answers with scripted handlers in turn and remembers requests.
type recorder struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
	handlers []http.HandlerFunc
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	n := len(r.requests)
	r.requests = append(r.requests, req)
	r.bodies = append(r.bodies, string(body))
	h := r.handlers[len(r.handlers)-1]
	if n < len(r.handlers) {
		h = r.handlers[n]
	}
	r.mu.Unlock()
	h(w, req)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.requests)
}

func jsonAnswer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req_123")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// dropConnection closes the socket without an answer, as a broken network would.
func dropConnection(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

const userJSON = `{"id":"u_1","status":"approved","kyc_token":null,"first_name":"Ada","last_name":"Lovelace",
"phone_number":null,"email_address":"ada@example.com","birth_date":"1990-01-01","ssn_last4":"6789",
"address_line_1":null,"address_line_2":null,"address_city":null,"address_state":null,"address_postal_code":null,
"address_country_code":null,"created_at":"2026-11-05T14:48:59Z","updated_at":"2026-11-05T14:48:59.123Z"}`

// newTestClient points a client at handlers; the waits between retries are recorded, not slept.
func newTestClient(t *testing.T, handlers ...http.HandlerFunc) (*Client, *recorder, *[]time.Duration) {
	t.Helper()
	rec := &recorder{handlers: handlers}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	c := NewClient("sk_test_abc", WithBaseURL(srv.URL))
	var waits []time.Duration
	c.b.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	return c, rec, &waits
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestRetriesServerErrorsWithOneIdempotencyKey(t *testing.T) {
	c, rec, waits := newTestClient(t, jsonAnswer(500, `{"error":{"type":"api_error","message":"boom"}}`),
		jsonAnswer(503, `{"error":{"type":"api_error","message":"busy"}}`), jsonAnswer(201, userJSON))
	u, err := c.Users.Create(context.Background(), &UserCreateParams{FirstName: "Ada", LastName: "Lovelace", EmailAddress: "ada@example.com", BirthDate: "1990-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != "u_1" || u.FirstName != "Ada" || u.Status != UserStatusApproved {
		t.Fatalf("decoded %+v", u)
	}
	if rec.count() != 3 {
		t.Fatalf("want 3 attempts, got %d", rec.count())
	}
	key := rec.requests[0].Header.Get("Idempotency-Key")
	if !uuidPattern.MatchString(key) {
		t.Fatalf("generated key %q is not a v4 UUID", key)
	}
	for i, r := range rec.requests {
		if got := r.Header.Get("Idempotency-Key"); got != key {
			t.Fatalf("attempt %d sent key %q, first sent %q", i, got, key)
		}
		if rec.bodies[i] != rec.bodies[0] {
			t.Fatalf("attempt %d sent another body", i)
		}
	}
	// Exponential backoff with jitter: the n-th wait lies in [d/2, d] for d = 0.5 s · 2^n.
	if len(*waits) != 2 {
		t.Fatalf("want 2 waits, got %v", *waits)
	}
	for n, w := range *waits {
		d := 500 * time.Millisecond << n
		if w < d/2 || w > d {
			t.Fatalf("wait %d is %v, outside [%v, %v]", n, w, d/2, d)
		}
	}
}

func TestEachCallGetsItsOwnKeyAndReadsDoNotSendOne(t *testing.T) {
	c, rec, _ := newTestClient(t, jsonAnswer(201, userJSON))
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if _, err := c.Users.Create(ctx, &UserCreateParams{FirstName: "A"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Users.Fetch(ctx, "u_1"); err != nil {
		t.Fatal(err)
	}
	a, b := rec.requests[0].Header.Get("Idempotency-Key"), rec.requests[1].Header.Get("Idempotency-Key")
	if a == "" || a == b {
		t.Fatalf("two writes sent keys %q and %q", a, b)
	}
	if k := rec.requests[2].Header.Get("Idempotency-Key"); k != "" {
		t.Fatalf("a GET sent Idempotency-Key %q", k)
	}
}

func TestCallerIdempotencyKeyIsKeptAcrossRetries(t *testing.T) {
	c, rec, _ := newTestClient(t, dropConnection, jsonAnswer(201, userJSON))
	if _, err := c.Users.Create(context.Background(), &UserCreateParams{FirstName: "A"}, WithIdempotencyKey("my-key-1")); err != nil {
		t.Fatal(err)
	}
	if rec.count() != 2 {
		t.Fatalf("a dropped connection should be retried once, got %d attempts", rec.count())
	}
	for _, r := range rec.requests {
		if r.Header.Get("Idempotency-Key") != "my-key-1" {
			t.Fatalf("sent %q", r.Header.Get("Idempotency-Key"))
		}
	}
}

func TestClientErrorsAreNeverRetried(t *testing.T) {
	for _, status := range []int{400, 401, 402, 403, 404, 409, 413} {
		c, rec, _ := newTestClient(t, jsonAnswer(status, `{"error":{"type":"invalid_request","message":"amount: too small","field":"amount"}}`))
		_, err := c.Deposits.Create(context.Background(), &DepositCreateParams{Amount: "0.001"})
		if err == nil || rec.count() != 1 {
			t.Fatalf("status %d: err %v after %d attempts", status, err, rec.count())
		}
	}
}

func TestErrorsWorkWithErrorsAsAndIs(t *testing.T) {
	c, _, _ := newTestClient(t, jsonAnswer(404, `{"error":{"type":"not_found","message":"No such user: nope"}}`))
	_, err := c.Users.Fetch(context.Background(), "nope")
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("errors.As failed on %T %v", err, err)
	}
	if fe.HTTPStatus != 404 || fe.Type != ErrorTypeNotFound || fe.Message != "No such user: nope" || fe.RequestID != "req_123" || fe.Field != "" {
		t.Fatalf("got %+v", fe)
	}
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrInvalidRequest) || errors.Is(err, ErrAPIConnection) {
		t.Fatal("sentinels do not match by type")
	}
	wrapped := fmt.Errorf("loading user: %w", err)
	if !errors.Is(wrapped, ErrNotFound) || !errors.As(wrapped, &fe) {
		t.Fatal("a wrapped error lost its type")
	}
	if !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), "req_123") {
		t.Fatalf("message %q", err.Error())
	}

	c, _, _ = newTestClient(t, jsonAnswer(400, `{"error":{"type":"validation_error","message":"address_state: unknown","field":"address_state","request_id":"r9"}}`))
	_, err = c.Users.Update(context.Background(), "u_1", &UserUpdateParams{AddressState: "ZZ"})
	if !errors.As(err, &fe) || fe.Field != "address_state" || fe.RequestID != "r9" || !errors.Is(err, ErrValidation) {
		t.Fatalf("got %+v", err)
	}

	// A body that is not the API's error shape still gives a typed error.
	c, _, _ = newTestClient(t, jsonAnswer(502, `<html>bad gateway</html>`))
	_, err = c.Users.Fetch(context.Background(), "u_1", WithMaxRetries(0))
	if !errors.As(err, &fe) || fe.HTTPStatus != 502 || !errors.Is(err, ErrAPI) || !strings.Contains(fe.Message, "bad gateway") {
		t.Fatalf("got %+v", err)
	}
}

func TestRateLimitRetriedOnlyWhenRetryAfterIsShort(t *testing.T) {
	limited := func(after string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", after)
			jsonAnswer(429, `{"error":{"type":"rate_limit_exceeded","message":"slow down"}}`)(w, r)
		}
	}
	c, rec, waits := newTestClient(t, limited("3"), jsonAnswer(200, userJSON))
	if _, err := c.Users.Fetch(context.Background(), "u_1"); err != nil {
		t.Fatal(err)
	}
	if rec.count() != 2 || len(*waits) != 1 || (*waits)[0] != 3*time.Second {
		t.Fatalf("attempts %d, waits %v", rec.count(), *waits)
	}

	c, rec, _ = newTestClient(t, limited("3600"), jsonAnswer(200, userJSON))
	_, err := c.Users.Fetch(context.Background(), "u_1")
	if !errors.Is(err, ErrRateLimit) || rec.count() != 1 {
		t.Fatalf("a long Retry-After was retried: %v after %d attempts", err, rec.count())
	}
	var fe *Error
	if !errors.As(err, &fe) || fe.Header.Get("Retry-After") != "3600" {
		t.Fatalf("the caller cannot see Retry-After: %+v", fe)
	}
}

func TestRetriesStopAtMaxRetries(t *testing.T) {
	c, rec, _ := newTestClient(t, jsonAnswer(503, `{"error":{"type":"api_error","message":"down"}}`))
	_, err := c.Users.Fetch(context.Background(), "u_1")
	if !errors.Is(err, ErrAPI) || rec.count() != 1+DefaultMaxRetries {
		t.Fatalf("%v after %d attempts", err, rec.count())
	}
	_, err = c.Users.Fetch(context.Background(), "u_1", WithMaxRetries(0))
	if err == nil || rec.count() != 1+DefaultMaxRetries+1 {
		t.Fatalf("WithMaxRetries(0) still retried: %d attempts", rec.count())
	}
	c2, rec2, _ := newTestClient(t, dropConnection)
	_, err = c2.Users.Fetch(context.Background(), "u_1")
	var fe *Error
	if !errors.As(err, &fe) || fe.Type != ErrorTypeAPIConnection || fe.HTTPStatus != 0 || fe.Err == nil || rec2.count() != 3 {
		t.Fatalf("dropped connections: %+v after %d attempts", err, rec2.count())
	}
}

func TestCanceledContextStopsRetrying(t *testing.T) {
	c, rec, _ := newTestClient(t, jsonAnswer(503, `{"error":{"type":"api_error","message":"down"}}`))
	ctx, cancel := context.WithCancel(context.Background())
	c.b.sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	_, err := c.Users.Fetch(ctx, "u_1")
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrAPIConnection) || rec.count() != 1 {
		t.Fatalf("%v after %d attempts", err, rec.count())
	}
}

func TestHeadersAndPerCallOptions(t *testing.T) {
	c, rec, _ := newTestClient(t, jsonAnswer(200, userJSON))
	ctx := context.Background()
	var answer http.Header
	if _, err := c.Users.Fetch(ctx, "a b/c", WithAPIKey("sk_other"), WithHeader("X-Trace", "t1"), WithResponseHeader(&answer)); err != nil {
		t.Fatal(err)
	}
	r := rec.requests[0]
	if r.Header.Get("Authorization") != "Bearer sk_other" || r.Header.Get("X-Trace") != "t1" {
		t.Fatalf("headers %v", r.Header)
	}
	if r.Header.Get("User-Agent") != "finos-go/"+Version {
		t.Fatalf("User-Agent %q", r.Header.Get("User-Agent"))
	}
	if r.URL.EscapedPath() != "/v1/users/a%20b%2Fc" {
		t.Fatalf("path %q", r.URL.EscapedPath())
	}
	if answer.Get("X-Request-Id") != "req_123" {
		t.Fatalf("response header %v", answer)
	}
	if _, err := c.Health.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if h := rec.requests[1].Header.Get("Authorization"); h != "" || rec.requests[1].URL.Path != "/healthz" {
		t.Fatalf("the public health check sent %q to %s", h, rec.requests[1].URL.Path)
	}
	if _, err := c.Users.Fetch(ctx, ""); !errors.Is(err, ErrInvalidRequest) || rec.count() != 2 {
		t.Fatalf("an empty id was sent: %v", err)
	}
	if _, err := c.Users.Fetch(ctx, "u_1"); err != nil || rec.requests[2].Header.Get("Authorization") != "Bearer sk_test_abc" {
		t.Fatal("a per-call key leaked into the next call")
	}
}

func TestBodiesQueriesAndChartRange(t *testing.T) {
	c, rec, _ := newTestClient(t, jsonAnswer(200, `{"account_id":"a1","managed":false,"portfolio_id":null,"min_cash_percent":"1.00","max_cash_percent":"5.00","extra":1}`),
		jsonAnswer(200, `[{"date":"20181113","minute":"09:30","label":"09:30 AM","high":null,"low":null}]`),
		jsonAnswer(200, `[{"date":"2026-11-02","open":1,"high":2,"low":0.5,"close":1.5,"volume":10,"unadjusted_close":1.5,"unadjusted_volume":10,"change":0.1,"change_percent":1,"vwap":1.2,"label":"Nov 2","change_over_time":0}]`))
	ctx := context.Background()
	if _, err := c.Accounts.UpdateSettings(ctx, "a1", &AccountSettingsUpdateParams{Managed: false, PortfolioID: Null[string](), MinCashPercent: "1.00"}); err != nil {
		t.Fatal(err)
	}
	var sent map[string]interface{}
	if err := json.Unmarshal([]byte(rec.bodies[0]), &sent); err != nil {
		t.Fatal(err)
	}
	if v, ok := sent["portfolio_id"]; !ok || v != nil || sent["managed"] != false || sent["min_cash_percent"] != "1.00" {
		t.Fatalf("body %s", rec.bodies[0])
	}
	if _, ok := sent["max_cash_percent"]; ok {
		t.Fatalf("an unset optional field was sent: %s", rec.bodies[0])
	}
	minute, err := c.Stocks.Chart(ctx, "AAPL", &StocksChartParams{Range: "1d"})
	if err != nil || len(minute.Minute) != 1 || minute.Daily != nil || minute.Minute[0].Minute != "09:30" {
		t.Fatalf("minute chart %+v %v", minute, err)
	}
	daily, err := c.Stocks.Chart(ctx, "AAPL", nil)
	if err != nil || len(daily.Daily) != 1 || daily.Daily[0].Close != 1.5 {
		t.Fatalf("daily chart %+v %v", daily, err)
	}
	if rec.requests[1].URL.Path != "/v1/stocks/AAPL/chart/1d" || rec.requests[2].URL.Path != "/v1/stocks/AAPL/chart" {
		t.Fatalf("chart paths %s %s", rec.requests[1].URL.Path, rec.requests[2].URL.Path)
	}
}

func TestUnknownEnumValuesAndFieldsAreTolerated(t *testing.T) {
	body := strings.Replace(userJSON, `"status":"approved"`, `"status":"frozen_for_audit","brand_new_field":{"x":[1,2]}`, 1)
	c, _, _ := newTestClient(t, jsonAnswer(200, body))
	u, err := c.Users.Fetch(context.Background(), "u_1")
	if err != nil {
		t.Fatal(err)
	}
	if u.Status != "frozen_for_audit" || u.KYCToken != nil || u.SSNLast4 == nil || *u.SSNLast4 != "6789" {
		t.Fatalf("decoded %+v", u)
	}
	if u.UpdatedAt.Nanosecond() != 123000000 {
		t.Fatalf("timestamp %v", u.UpdatedAt)
	}
}

func TestMoneyStaysExact(t *testing.T) {
	c, _, _ := newTestClient(t, jsonAnswer(200, `{"id":"d1","amount":"12345678901.10","status":"pending"}`))
	d, err := c.Deposits.Fetch(context.Background(), "d1")
	if err != nil || d.Amount != "12345678901.10" {
		t.Fatalf("%+v %v", d, err)
	}
}

// pages serves `total` users in pages of `limit`, with next_page links like the API's.
func pages(total int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		limit := 7
		fmt.Sscan(q.Get("limit"), &limit)
		start := 0
		if after := q.Get("starting_after"); after != "" {
			fmt.Sscanf(after, "u_%d", &start)
			start++
		}
		var items []string
		for i := start; i < total && len(items) < limit; i++ {
			items = append(items, strings.Replace(userJSON, `"u_1"`, fmt.Sprintf(`"u_%d"`, i), 1))
		}
		next := "null"
		if start+len(items) < total {
			next = fmt.Sprintf(`"/v1/users?limit=%d&starting_after=u_%d"`, limit, start+len(items)-1)
		}
		jsonAnswer(200, fmt.Sprintf(`{"pagination":{"ending_before":null,"starting_after":null,"limit":%d,"order":"asc","previous_page":null,"next_page":%s,"previous_uri":null,"next_uri":null},"data":[%s]}`,
			limit, next, strings.Join(items, ",")))(w, r)
	}
}

func TestIteratorFollowsEveryPage(t *testing.T) {
	c, rec, _ := newTestClient(t, pages(26))
	it := c.Users.List(context.Background(), &UsersListParams{Limit: 7, Order: PaginationOrderAsc})
	seen := map[string]bool{}
	var order []string
	for it.Next() {
		u := it.Current()
		if seen[u.ID] {
			t.Fatalf("%s twice", u.ID)
		}
		seen[u.ID] = true
		order = append(order, u.ID)
	}
	if it.Err() != nil {
		t.Fatal(it.Err())
	}
	if len(order) != 26 || order[0] != "u_0" || order[25] != "u_25" {
		t.Fatalf("walked %v", order)
	}
	if rec.count() != 4 {
		t.Fatalf("want 4 pages, fetched %d", rec.count())
	}
	if q := rec.requests[0].URL.Query(); q.Get("limit") != "7" || q.Get("order") != "asc" {
		t.Fatalf("first query %v", q)
	}
	if got := rec.requests[1].URL.Query().Get("starting_after"); got != "u_6" {
		t.Fatalf("second page starts after %q", got)
	}
}

func TestIteratorStopsWithTheError(t *testing.T) {
	c, _, _ := newTestClient(t, pages(26), jsonAnswer(401, `{"error":{"type":"authentication_error","message":"No valid API key provided"}}`))
	it := c.Users.List(context.Background(), &UsersListParams{Limit: 7})
	n := 0
	for it.Next() {
		n++
	}
	if n != 7 || !errors.Is(it.Err(), ErrAuthentication) {
		t.Fatalf("walked %d then %v", n, it.Err())
	}
	empty, _, _ := newTestClient(t, pages(0))
	it = empty.Users.List(context.Background(), nil)
	if it.Next() || it.Err() != nil || it.Current() != nil {
		t.Fatal("an empty list yielded something")
	}
}

func TestReadTimeoutStopsAnAttemptAndIsRetried(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	stall := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}
	c, rec, _ := newTestClient(t, stall, jsonAnswer(201, userJSON))
	if _, err := c.Users.Create(context.Background(), &UserCreateParams{FirstName: "A"}, WithTimeout(50*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if rec.count() != 2 || rec.requests[0].Header.Get("Idempotency-Key") != rec.requests[1].Header.Get("Idempotency-Key") {
		t.Fatalf("a timed-out write was not replayed under its key (%d attempts)", rec.count())
	}

	c, _, _ = newTestClient(t, stall)
	_, err := c.Users.Fetch(context.Background(), "u_1", WithTimeout(50*time.Millisecond), WithMaxRetries(0))
	var fe *Error
	var te interface{ Timeout() bool }
	if !errors.As(err, &fe) || fe.Type != ErrorTypeAPIConnection || !errors.As(err, &te) || !te.Timeout() {
		t.Fatalf("got %#v", err)
	}
	if !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("message %q", err.Error())
	}
}

func TestConnectTimeout(t *testing.T) {
	// A transport whose dial never completes stands in for an unreachable host.
	transport := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	c := NewClient("sk_test_abc", WithBaseURL("http://finos.invalid"), WithHTTPClient(&http.Client{Transport: transport}),
		WithTimeouts(30*time.Millisecond, time.Hour), WithMaxRetries(0))
	_, err := c.Users.Fetch(context.Background(), "u_1")
	var fe *Error
	if !errors.As(err, &fe) || fe.Type != ErrorTypeAPIConnection || !strings.Contains(fe.Message, "connecting timed out") {
		t.Fatalf("got %v", err)
	}
}

func TestDefaultsAreTwoRetriesAnd30sConnect80sRead(t *testing.T) {
	s := NewClient("sk_test_x").b.settings
	if s.maxRetries != 2 || s.connectTimeout != 30*time.Second || s.readTimeout != 80*time.Second {
		t.Fatalf("defaults: retries %d, connect %v, read %v", s.maxRetries, s.connectTimeout, s.readTimeout)
	}
	s = NewClient("sk_test_x", WithTimeouts(5*time.Second, 0)).b.settings
	if s.connectTimeout != 5*time.Second || s.readTimeout != 80*time.Second {
		t.Fatalf("WithTimeouts(5s, 0): connect %v, read %v", s.connectTimeout, s.readTimeout)
	}
}
