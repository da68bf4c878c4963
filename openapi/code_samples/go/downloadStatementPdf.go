package main

import (
	"context"
	"fmt"
	"log"
	"os"

	finos "github.com/finos/go"
)

func main() {
	ctx := context.Background()
	c := finos.NewClient("sk_test_yourkey", finos.WithBaseURL("http://127.0.0.1:8080"))

	data, err := c.Statements.PDF(ctx, "904837e3-3b76-47ec-b432-046db621571b", &finos.StatementsPDFParams{
		Expires:   1793891939,
		Signature: "36d81bb9f4234802724627bd840ca55343eeae020db551d584592c3a62d59ebe",
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("statement.pdf", data, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", "statement.pdf")
}
