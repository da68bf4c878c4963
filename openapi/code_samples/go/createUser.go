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

	user, err := c.Users.Create(ctx, &finos.UserCreateParams{
		PhoneNumber:        "18042562188",
		FirstName:          "John",
		LastName:           "Doe",
		EmailAddress:       "johndoe@finos.com",
		BirthDate:          "1985-01-23",
		SSNNumber:          "123456789",
		AddressLine1:       "123 Test St",
		AddressCity:        "Richmond",
		AddressState:       "VA",
		AddressPostalCode:  "23220",
		AddressCountryCode: "US",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *user)
}
