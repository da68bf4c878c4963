package main

import (
	"context"
	"fmt"
	"log"

	finos "github.com/finos/go"
)

func main() {
	ctx := context.Background()
	c := finos.NewClient("sk_test_yourkey", finos.WithBaseURL("http://127.0.0.1:8080"))

	webhook, err := c.Webhooks.Create(ctx, &finos.WebhookCreateParams{
		Name: "My_Webhook_Name",
		Config: finos.WebhookConfig{
			URL:               "https://example.com/finos-webhook",
			BasicAuthUsername: "finos_user",
			BasicAuthPassword: "finos_passwd",
		},
		Events: []string{"usertransition.*"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *webhook)
}
