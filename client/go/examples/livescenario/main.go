// Command livescenario runs the live SDK scenario (test/sdk/scenario.md) against a real server,
// using only the SDK's public surface. It reads FINOS_API_KEY, FINOS_BASE_URL,
// FINOS_FLAKY_BASE_URL and FINOS_RUN_ID and prints one JSON object per step.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	finos "github.com/finos/go"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "livescenario:", err)
		os.Exit(1)
	}
}

func emit(step string, fields map[string]interface{}) {
	out := map[string]interface{}{"step": step}
	for k, v := range fields {
		out[k] = v
	}
	line, _ := json.Marshal(out)
	fmt.Println(string(line))
}

func env(name string) string {
	v := os.Getenv(name)
	if v == "" {
		fmt.Fprintln(os.Stderr, "livescenario: missing", name)
		os.Exit(2)
	}
	return v
}

var seq int

// newPerson is a unique adult; SSN 123456789 makes the sandbox approve KYC at once.
func newPerson(tag string) *finos.UserCreateParams {
	seq++
	return &finos.UserCreateParams{
		FirstName:          "Grace",
		LastName:           fmt.Sprintf("Hopper%s%d", tag, seq),
		EmailAddress:       fmt.Sprintf("grace.%s.%d@example.com", tag, seq),
		BirthDate:          "1985-01-23",
		SSNNumber:          "123456789",
		AddressLine1:       "123 Test St",
		AddressCity:        "Richmond",
		AddressState:       "VA",
		AddressPostalCode:  "23220",
		AddressCountryCode: "US",
	}
}

func run() error {
	ctx := context.Background()
	key, runID := env("FINOS_API_KEY"), env("FINOS_RUN_ID")
	c := finos.NewClient(key, finos.WithBaseURL(env("FINOS_BASE_URL")))

	// 1. onboard
	user, err := c.Users.Create(ctx, newPerson(runID))
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	account, err := c.Accounts.Create(ctx, user.ID, &finos.AccountCreateParams{
		Ownership:            finos.AccountOwnershipIndividual,
		AccountType:          finos.AccountTypeInvestment,
		MartialStatus:        finos.AccountMartialStatusSingle,
		CountryOfCitizenship: "USA",
		EmploymentStatus:     finos.AccountEmploymentStatusEmployedSelfEmployedTitleCase,
		EmploymentPosition:   "Software Engineer",
		EmployerName:         "Finos Inc",
		AnnualIncome:         finos.AccountAnnualIncome100000To199999,
		InvestmentObjective:  finos.AccountInvestmentObjectiveGrowth,
		InvestmentExperience: finos.AccountInvestmentExperienceLimited,
		NetLiquidWorth:       finos.AccountNetLiquidWorth25000To99999,
		NetTotalWorth:        finos.AccountNetTotalWorth100000To199999,
		IsDirector:           finos.Bool(false),
		RiskTolerance:        finos.AccountRiskToleranceModerate,
	})
	if err != nil {
		return fmt.Errorf("open account: %w", err)
	}
	bank, err := c.BankAccounts.Create(ctx, user.ID, &finos.BankAccountCreateParams{
		BankAccountNumber: "4327843043", BankRoutingNumber: "121042882", BankAccountNickname: "checking",
	})
	if err != nil {
		return fmt.Errorf("add bank account: %w", err)
	}
	deposit, err := c.Deposits.Create(ctx, &finos.DepositCreateParams{AccountID: account.ID, BankAccountID: bank.ID, Amount: "500.00"})
	if err != nil {
		return fmt.Errorf("deposit: %w", err)
	}
	emit("onboard", map[string]interface{}{"user_id": user.ID, "user_status": user.Status, "account_id": account.ID,
		"deposit_id": deposit.ID, "deposit_status": deposit.Status, "deposit_amount": deposit.Amount})

	// 2. settle the deposit, then buy half a share
	for i := 0; i < 3 && deposit.Status != finos.TransferStatusComplete; i++ {
		clock, err := c.Market.Clock(ctx)
		if err != nil {
			return fmt.Errorf("market clock: %w", err)
		}
		if _, err := c.Sandbox.AdvanceClock(ctx, &finos.SandboxClockAdvanceParams{To: clock.NextOpen}); err != nil {
			return fmt.Errorf("advance clock: %w", err)
		}
		if deposit, err = c.Deposits.Fetch(ctx, deposit.ID); err != nil {
			return fmt.Errorf("fetch deposit: %w", err)
		}
	}
	order, err := c.Orders.Create(ctx, &finos.OrderCreateParams{AccountID: account.ID, Symbol: "AAPL", Quantity: "0.5",
		Side: finos.OrderSideBuy, Type: finos.OrderTypeMarket})
	if err != nil {
		return fmt.Errorf("place order: %w", err)
	}
	if order, err = c.Orders.Fetch(ctx, order.ID); err != nil {
		return fmt.Errorf("fetch order: %w", err)
	}
	position := ""
	positions := c.Accounts.Positions(ctx, account.ID, nil)
	for positions.Next() {
		if p := positions.Current(); p.Symbol == "AAPL" {
			position = p.Quantity
		}
	}
	if err := positions.Err(); err != nil {
		return fmt.Errorf("positions: %w", err)
	}
	emit("settle", map[string]interface{}{"deposit_status": deposit.Status, "order_id": order.ID, "order_status": order.Status,
		"filled_quantity": order.FilledQuantity, "position_quantity": position})

	// 3. more than 25 users, walked with auto-pagination
	count := 0
	all := c.Users.List(ctx, &finos.UsersListParams{Limit: 100})
	for all.Next() {
		count++
	}
	if err := all.Err(); err != nil {
		return fmt.Errorf("count users: %w", err)
	}
	for ; count < 26; count++ {
		if _, err := c.Users.Create(ctx, newPerson("page"+runID)); err != nil {
			return fmt.Errorf("create user for paging: %w", err)
		}
	}
	seen := map[string]bool{}
	listed := 0
	it := c.Users.List(ctx, &finos.UsersListParams{Limit: 7})
	for it.Next() {
		listed++
		seen[it.Current().ID] = true
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("list users: %w", err)
	}
	emit("paginate", map[string]interface{}{"count": listed, "unique": len(seen)})

	// 4. a typed 404
	_, err = c.Users.Fetch(ctx, "01900000-0000-7000-8000-000000000000")
	var fe *finos.Error
	if !errors.As(err, &fe) {
		return fmt.Errorf("fetching an unknown user gave %v, not a *finos.Error", err)
	}
	emit("not_found", map[string]interface{}{"error_class": fmt.Sprintf("%T", err), "is_not_found": errors.Is(err, finos.ErrNotFound),
		"http_status": fe.HTTPStatus, "type": fe.Type, "message": fe.Message})

	// 5. a write whose answer is lost is retried under the same Idempotency-Key
	recorder := &keyRecorder{next: http.DefaultTransport}
	flaky := finos.NewClient(key, finos.WithBaseURL(env("FINOS_FLAKY_BASE_URL")), finos.WithHTTPClient(&http.Client{Transport: recorder}),
		finos.WithBackoff(50*time.Millisecond, time.Second))
	replay := newPerson("replay")
	replay.EmailAddress = "replay-" + runID + "@example.com"
	var header http.Header
	replayed, err := flaky.Users.Create(ctx, replay, finos.WithResponseHeader(&header))
	if err != nil {
		return fmt.Errorf("replayed create: %w", err)
	}
	emit("replay", map[string]interface{}{"user_id": replayed.ID, "idempotency_keys": recorder.keys, "idempotent_replayed": header.Get("Idempotent-Replayed")})

	// 6. a real webhook delivery, verified
	return webhook(ctx, c, key, runID)
}

// keyRecorder notes the Idempotency-Key of every request the SDK sends.
type keyRecorder struct {
	next http.RoundTripper
	keys []string
}

func (r *keyRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if k := req.Header.Get("Idempotency-Key"); k != "" {
		r.keys = append(r.keys, k)
	}
	return r.next.RoundTrip(req)
}

type delivery struct {
	body   []byte
	header http.Header
}

func webhook(ctx context.Context, c *finos.Client, key, runID string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	deliveries := make(chan delivery, 16)
	var once sync.Once
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusNoContent)
		if strings.Contains(string(body), "webhook-"+runID) {
			once.Do(func() { deliveries <- delivery{body: body, header: r.Header.Clone()} })
		}
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	hook, err := c.Webhooks.Create(ctx, &finos.WebhookCreateParams{
		Name:   "live scenario " + runID,
		Config: finos.WebhookConfig{URL: "http://" + ln.Addr().String() + "/finos"},
		Events: []string{"usertransition.*"},
	})
	if err != nil {
		return fmt.Errorf("create webhook: %w", err)
	}
	p := newPerson("webhook-" + runID)
	p.EmailAddress = "webhook-" + runID + "@example.com"
	u, err := c.Users.Create(ctx, p)
	if err != nil {
		return fmt.Errorf("create user for webhook: %w", err)
	}
	var d delivery
	select {
	case d = <-deliveries:
	case <-time.After(60 * time.Second):
		return errors.New("no webhook delivery within 60 s")
	}
	header := d.header.Get("X-Finos-Signature")
	verified := finos.VerifyWebhookSignature(d.body, header, key)
	legacy := finos.VerifyWebhookSignature(d.body, d.header.Get("X-Request-Signature"), key)
	tampered := finos.VerifyWebhookSignature([]byte(strings.Replace(string(d.body), u.ID, "00000000-0000-7000-8000-000000000000", 1)), header, key)
	var event finos.Event
	if err := json.Unmarshal(d.body, &event); err != nil {
		return fmt.Errorf("decode event: %w", err)
	}
	emit("webhook", map[string]interface{}{"verified": verified, "legacy_verified": legacy, "tampered": tampered,
		"header": "X-Finos-Signature", "webhook_id": hook.ID, "event_type": event.Type, "user_id": u.ID})
	emit("done", nil)
	return nil
}
