package finos

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"
)

const hookKey = "sk_test_abc123"

func signV1(body string, t int64, key string) string {
	mac := hmac.New(sha256.New, []byte(key))
	fmt.Fprintf(mac, "%d.%s", t, body)
	return hex.EncodeToString(mac.Sum(nil))
}

func TestVerifyWebhookSignature(t *testing.T) {
	body := `{"id":"e1","type":"usertransition.approved"}`
	now := time.Now().Unix()
	good := fmt.Sprintf("t=%d,v1=%s", now, signV1(body, now, "test_abc123"))
	if !VerifyWebhookSignature([]byte(body), good, hookKey) {
		t.Fatal("a valid X-Finos-Signature was refused")
	}
	if VerifyWebhookSignature([]byte(body+" "), good, hookKey) {
		t.Fatal("a tampered body passed")
	}
	if VerifyWebhookSignature([]byte(body), good, "sk_test_other") {
		t.Fatal("another key passed")
	}
	// The key is the API key without sk_: signing with the whole key must not verify.
	whole := fmt.Sprintf("t=%d,v1=%s", now, signV1(body, now, hookKey))
	if VerifyWebhookSignature([]byte(body), whole, hookKey) {
		t.Fatal("a signature made with the sk_ prefix passed")
	}
	stale := now - 6*60
	old := fmt.Sprintf("t=%d,v1=%s", stale, signV1(body, stale, "test_abc123"))
	if VerifyWebhookSignature([]byte(body), old, hookKey) {
		t.Fatal("a 6-minute-old signature passed")
	}
	if !VerifyWebhookSignatureAt([]byte(body), old, hookKey, time.Unix(stale+60, 0), WebhookTolerance) {
		t.Fatal("the same signature one minute after it was made was refused")
	}
	future := now + 6*60
	if VerifyWebhookSignature([]byte(body), fmt.Sprintf("t=%d,v1=%s", future, signV1(body, future, "test_abc123")), hookKey) {
		t.Fatal("a signature from the future passed")
	}
	rotated := fmt.Sprintf("t=%d,v1=%s,v1=%s", now, signV1(body, now, "old"), signV1(body, now, "test_abc123"))
	if !VerifyWebhookSignature([]byte(body), rotated, hookKey) {
		t.Fatal("one matching v1 among several was refused")
	}
	for _, bad := range []string{"", "t=,v1=", "v1=" + signV1(body, now, "test_abc123"), fmt.Sprintf("t=%d", now), "t=abc,v1=00", fmt.Sprintf("t=%d,v1=zz", now), "garbage"} {
		if VerifyWebhookSignature([]byte(body), bad, hookKey) {
			t.Fatalf("malformed header %q passed", bad)
		}
	}
}

func TestVerifyLegacyRequestSignature(t *testing.T) {
	body := `{"id":"e1"}`
	mac := hmac.New(sha1.New, []byte("test_abc123"))
	mac.Write([]byte(body))
	sig := hex.EncodeToString(mac.Sum(nil))
	if !VerifyWebhookSignature([]byte(body), sig, hookKey) {
		t.Fatal("a valid X-Request-Signature was refused")
	}
	if VerifyWebhookSignature([]byte(`{"id":"e2"}`), sig, hookKey) {
		t.Fatal("a tampered body passed the legacy signature")
	}
	if VerifyWebhookSignature([]byte(body), sig, "") {
		t.Fatal("an empty key passed")
	}
}
