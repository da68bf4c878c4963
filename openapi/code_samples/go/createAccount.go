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

	account, err := c.Accounts.Create(ctx, "f6e54303-10ce-42b5-a4b0-b28c19cf5025", &finos.AccountCreateParams{
		Ownership:            finos.AccountOwnershipIndividual,
		AccountType:          finos.AccountTypeCash,
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
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", *account)
}
