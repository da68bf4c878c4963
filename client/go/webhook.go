package finos

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// WebhookTolerance is how far the t= of an X-Finos-Signature may be from now, either way.
const WebhookTolerance = 5 * time.Minute

// WebhookSigningKey is the HMAC key of webhook signatures: the API key without its sk_ (or pk_) prefix.
func WebhookSigningKey(apiKey string) string {
	for _, p := range []string{"sk_", "pk_"} {
		if strings.HasPrefix(apiKey, p) {
			return apiKey[len(p):]
		}
	}
	return apiKey
}

// VerifyWebhookSignature reports whether header signs rawBody (the request body exactly as
// received, before any JSON parsing) under the secret API key. header is the value of either
// signature header a delivery carries:
//   - X-Finos-Signature, "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">": t must be
//     within WebhookTolerance of now, and any one of several v1 values may match;
//   - X-Request-Signature, the hex HMAC-SHA1 of the body (no timestamp, so no replay bound).
//
// It never panics on malformed input; it returns false.
func VerifyWebhookSignature(rawBody []byte, header, key string) bool {
	return VerifyWebhookSignatureAt(rawBody, header, key, time.Now(), WebhookTolerance)
}

// VerifyWebhookSignatureAt is VerifyWebhookSignature with the current time and tolerance given.
func VerifyWebhookSignatureAt(rawBody []byte, header, key string, now time.Time, tolerance time.Duration) bool {
	header = strings.TrimSpace(header)
	if header == "" || key == "" {
		return false
	}
	secret := []byte(WebhookSigningKey(key))
	if len(header) == 40 && isHex(header) {
		mac := hmac.New(sha1.New, secret)
		mac.Write(rawBody)
		return hexEqual(mac.Sum(nil), header)
	}
	var t string
	var signatures []string
	for _, part := range strings.Split(header, ",") {
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		switch strings.TrimSpace(name) {
		case "t":
			t = strings.TrimSpace(value)
		case "v1":
			signatures = append(signatures, strings.TrimSpace(value))
		}
	}
	if t == "" || len(t) > 12 || len(signatures) == 0 {
		return false
	}
	sec, err := strconv.ParseInt(t, 10, 64)
	if err != nil || sec < 0 {
		return false
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return false
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(t + "."))
	mac.Write(rawBody)
	expected := mac.Sum(nil)
	ok := false
	// Every candidate is compared, so the time taken does not tell which one matched.
	for _, s := range signatures {
		if hexEqual(expected, s) {
			ok = true
		}
	}
	return ok
}

func isHex(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

func hexEqual(expected []byte, given string) bool {
	got, err := hex.DecodeString(strings.ToLower(given))
	if err != nil {
		return false
	}
	return hmac.Equal(expected, got)
}
