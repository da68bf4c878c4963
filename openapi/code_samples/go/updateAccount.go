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

	account, err := c.Accounts.Update(ctx, "2d931510-d99f-494a-8c67-87feb05e1594", &finos.AccountUpdateParams{
		AccountType:          finos.AccountTypeInvestment,
		AnnualIncome:         finos.AccountAnnualIncome100000To199999,
		InvestmentObjective:  finos.AccountInvestmentObjectiveGrowth,
		InvestmentExperience: finos.AccountInvestmentExperienceLimited,
		NetLiquidWorth:       finos.AccountNetLiquidWorth25000To99999,
		NetTotalWorth:        finos.AccountNetTotalWorth100000To199999,
		IsDirector:           finos.Bool(false),
		RiskTolerance:        finos.AccountRiskToleranceModerate,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *account)
}
