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

	user, err := c.Users.Update(ctx, "f6e54303-10ce-42b5-a4b0-b28c19cf5025", &finos.UserUpdateParams{
		PhoneNumber: "16742562188",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *user)
}
