// Command rscmock runs the fake LinkedIn RSC server standalone, for ATS teams
// working in any language. It seeds a demo partner application, one customer
// (organization and contract) with 3 seats, 20 members and some InMails,
// notes and mail stubs, then prints one JSON line on stdout:
//
//	{"base_url":..., "partner_client_id":..., "partner_client_secret":...,
//	 "client_id":..., "client_secret":..., "organization_urn":..., "contract_urn":...,
//	 "console_url":...}
//
// The console (base_url + "/_console/") shows what LinkedIn Recruiter would
// show and acts as a recruiter; base_url + "/_widgets/demo" embeds the
// profile and onboarding widget stand-ins; base_url + "/_mock/" lists the
// JSON endpoints of the recruiter simulator.
//
// Logs go to stderr. Usage:
//
//	go run ./rscmock/cmd/rscmock -addr 127.0.0.1:8080 [-allow-loopback-callbacks]
//
// The fake connects to nothing but loopback addresses: a notification to a
// CALLBACK_URL elsewhere is not delivered, and the console and the log say
// why, once. With -allow-loopback-callbacks a CALLBACK_URL may be
// http://127.0.0.1:PORT/... or http://localhost:PORT/..., so an ATS running
// on this machine receives its pushes. rscmock's package doc has a curl
// session of the whole flow, which TestCurlSession runs against this binary.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/rsckit/rsckit/rscmock"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "rscmock:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done.
func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("rscmock", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "rscmock serves a fake LinkedIn Recruiter System Connect API on one base URL:")
		fmt.Fprintln(fs.Output(), "/oauth/v2/accessToken, /v2/... (Rest.li 1.0), /rest/... (Rest.li 2.0), /_mock/... (recruiter simulator, JSON),")
		fmt.Fprintln(fs.Output(), "/_console/ (what Recruiter shows, with buttons) and /xdoor/scripts/in.js + /_widgets/... (widget stand-ins; demo at /_widgets/demo).")
		fmt.Fprintln(fs.Output(), "It prints one JSON line with the base URL and demo credentials on stdout, then logs to stderr.")
		fmt.Fprintln(fs.Output(), "\nFlags:")
		fs.PrintDefaults()
	}
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (\":0\" or \"127.0.0.1:0\" picks a free port)")
	seed := fs.Uint64("seed", 1, "seed for ids, secrets and fault rates")
	perDay := fs.Int("requests-per-day", rscmock.DefaultRequestsPerDay, "requests per day per child application (0 disables)")
	perMinute := fs.Int("records-per-minute", rscmock.DefaultRecordsPerMinute, "records per minute per child application (0 disables)")
	exports := fs.Int("exports-per-seat", rscmock.DefaultExportsPerSeatMonth, "One-Click Exports per seat per month (0 disables)")
	ttl := fs.Duration("token-ttl", rscmock.DefaultTokenTTL, "access token lifetime")
	strict := fs.Bool("strict", false, "reject unknown JSON fields in synced entities (422)")
	loopback := fs.Bool("allow-loopback-callbacks", false,
		"accept a CALLBACK_URL on http(s)://127.0.0.1, [::1] or localhost (any port), so an ATS on this machine receives pushes; "+
			"without it LinkedIn's rule applies (https, port 80 or 443). Either way the fake connects only to loopback addresses")
	verbose := fs.Bool("v", false, "log every request")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	quota := func(n int) int { // the flags' 0 disables; Options' negative does
		if n <= 0 {
			return -1
		}
		return n
	}
	srv := rscmock.New(rscmock.Options{Seed: *seed, RequestsPerDay: quota(*perDay), RecordsPerMinute: quota(*perMinute),
		ExportsPerSeatMonth: quota(*exports), TokenTTL: *ttl, Strict: *strict, Logger: log, Listener: ln,
		AllowLoopbackCallbacks: *loopback})
	defer srv.Close()
	seedDemo(srv)
	base := srv.URL()
	d := srv.Default()
	pid, psecret := srv.PartnerCredentials()
	line, _ := json.Marshal(map[string]string{
		"base_url": base, "partner_client_id": pid, "partner_client_secret": psecret,
		"client_id": d.ClientID, "client_secret": d.ClientSecret,
		"organization_urn": string(d.Organization), "contract_urn": string(d.Contract),
		"console_url": base + "/_console/",
	})
	fmt.Println(string(line))
	log.Info("rscmock listening", "base_url", base, "allow_loopback_callbacks", *loopback)
	<-ctx.Done()
	return nil
}

// seedDemo adds 17 members besides the 3 seat holders, and some InMails,
// replies with mail stubs and prospect notes.
func seedDemo(srv *rscmock.Server) {
	d := srv.Default()
	for range 17 {
		srv.AddMember(rscmock.Member{})
	}
	members := srv.Members()
	for i, m := range members[3:9] {
		seat := d.Seats[i%len(d.Seats)].URN
		_, _ = srv.SendInMail(seat, m.URN, "Opportunity", "Would you like to talk about a role?")
		if i%2 == 0 {
			_, _, _ = srv.ReplyInMail(seat, m.URN, "Happy to talk.", true)
		}
		_, _ = srv.AddProspectNote(seat, m.URN, "Strong candidate", i%3 == 0)
	}
}
