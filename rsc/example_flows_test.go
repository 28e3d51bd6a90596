package rsc_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// The examples below run against rscmock in memory, as a host's own tests
// would: no listener, no network.

// ExamplePartnerClient_ProvisionCustomer provisions a customer's child
// application with the partner (parent) application, idempotently by the
// ATS's own customer id, and names the customer's integrations with the
// child application's credentials.
func ExamplePartnerClient_ProvisionCustomer() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	ctx := context.Background()
	partner := li.PartnerClient()
	app, created, err := partner.ProvisionCustomer(ctx, model.ProvisionedApplication{
		UniqueForeignID: "acme", Name: "My ATS - Acme", Description: "My ATS for Acme"})
	if err != nil {
		panic(err)
	}
	again, createdAgain, err := partner.ProvisionCustomer(ctx, model.ProvisionedApplication{
		UniqueForeignID: "acme", Name: "My ATS - Acme", Description: "My ATS for Acme"})
	if err != nil {
		panic(err)
	}
	fmt.Println("created:", created, "then:", createdAgain, "same application:", again.Key == app.Key)
	fmt.Println("secret prints as:", app.Credentials.ClientSecret) // store Reveal(), encrypted
	// Output:
	// created: true then: false same application: true
	// secret prints as: [redacted]
}

// ExampleIntegrationsService_Enable names the customer's four integrations
// (the customer's admin then enables them in Recruiter) and registers the
// CALLBACK_URL with its secret token.
func ExampleIntegrationsService_Enable() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	cust := li.Default()
	c := li.Client()
	ctx := context.Background()
	rs, err := c.Integrations.Enable(ctx, rsc.EnableRequest{Organization: cust.Organization, Contract: cust.Contract, CustomerName: "Acme"})
	if err != nil {
		panic(err)
	}
	for _, r := range rs {
		fmt.Println(r.Key.IntegrationType, r.Err)
	}
	tokens, _ := rsc.NewCallbackTokens() // store with the customer, like a secret
	err = c.Configurations.RegisterCallbackURL(ctx, cust.Organization, "https://ats.example.com/linkedin/acme", tokens)
	fmt.Println("callback registered:", err == nil)
	// Output:
	// ONE_CLICK_EXPORT <nil>
	// IN_ATS_INDICATOR <nil>
	// PROFILE_PLUGIN <nil>
	// CSA_API <nil>
	// callback registered: true
}

// ExampleJobPostingsService_BatchCreate sends a closed job of the ATS's
// history: rsc.PlanJob chooses CREATE then CLOSE, with the job's real
// fields, so recruiters never see it open.
func ExampleJobPostingsService_BatchCreate() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	cust := li.Default()
	c := li.Client()
	job := model.JobPosting{
		IntegrationContext: cust.Organization, ExternalJobPostingID: "J1",
		Title: "Analytical Engine Programmer", Description: strings.Repeat("Write programs for the Analytical Engine. ", 4),
		ListedAt: 1700000000000, Location: "London, United Kingdom", CompanyApplyURL: "https://ats.example.com/jobs/J1",
		Availability: model.AvailabilityPrivate, State: model.JobStateClosed,
	}
	// Every seat may export to every job (JOB_POSTING_VIEWERS).
	if _, err := c.Configurations.BatchUpdate(context.Background(), []model.IntegrationConfiguration{{
		Key: model.ConfigurationKey{Integration: model.IntegrationKey{IntegrationContext: cust.Organization,
			IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, Name: model.ConfigJobPostingViewers},
		Value: model.ConfigurationValue{String: model.AllProductUsers}}}); err != nil {
		panic(err)
	}
	open := job
	open.ExternalJobPostingID, open.State, open.CompanyApplyURL = "J2", model.JobStateListed, "https://ats.example.com/jobs/J2"
	for _, j := range append(rsc.PlanJob(nil, &job), rsc.PlanJob(nil, &open)...) {
		rs, err := c.JobPostings.BatchCreate(context.Background(), []model.JobPosting{j})
		if err != nil || rs[0].Err != nil {
			panic(fmt.Sprint(err, rs))
		}
		fmt.Println(j.ExternalJobPostingID, j.Operation, "accepted")
	}
	for _, j := range li.ExportJobs(cust.Seats[0].URN) {
		fmt.Println("offered for export:", j.ExternalJobPostingID)
	}
	// Output:
	// J1 CREATE accepted
	// J1 CLOSE accepted
	// J2 CREATE accepted
	// offered for export: J2
}

// ExampleInMailsService_All reads a seat's InMails, as the pull engine does
// for every seat of the customer's contract.
func ExampleInMailsService_All() {
	li := rscmock.New(rscmock.Options{Seed: 1})
	cust := li.Default()
	seat := cust.Seats[0].URN
	member := li.AddMember(rscmock.Member{FirstName: "Grace", LastName: "Hopper"})
	if _, err := li.SendInMail(seat, member.URN, "Compilers", "Would you talk to us about compilers?"); err != nil {
		panic(err)
	}
	c := li.Client()
	for e, err := range c.InMails.All(context.Background(), rsc.InMailListOptions{Viewer: seat}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(e.Subject)
	}
	// Output: Compilers
}
