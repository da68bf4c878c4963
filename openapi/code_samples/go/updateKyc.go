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

	kycResult, err := c.KYC.Update(ctx, "S-BNTwVDLrlRvHbKVhRa8X", &finos.KYCUpdateParams{
		Answers: []finos.KYCAnswer{
			{
				QuestionID: 1,
				AnswerID:   1,
			},
			{
				QuestionID: 2,
				AnswerID:   1,
			},
			{
				QuestionID: 3,
				AnswerID:   1,
			},
			{
				QuestionID: 4,
				AnswerID:   1,
			},
			{
				QuestionID: 5,
				AnswerID:   1,
			},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *kycResult)
}
