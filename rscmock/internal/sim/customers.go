package sim

import (
	"fmt"
	"slices"
)

// CustomerSpec describes a customer to add; zero fields get generated
// values. Its JSON is POST /_mock/customers's body.
type CustomerSpec struct {
	Name              string   `json:"name,omitempty"`
	UniqueForeignID   string   `json:"uniqueForeignId,omitempty"`
	Organization      string   `json:"organization,omitempty"`
	Contract          string   `json:"contract,omitempty"`
	ClientID          string   `json:"clientId,omitempty"`
	ClientSecret      string   `json:"clientSecret,omitempty"`
	Seats             int      `json:"seats,omitempty"`
	ValidJSSDKDomains []string `json:"validJsSdkDomains,omitempty"`
}

// Check checks spec's bounds: 0 to maxSeats seats, at most maxDomains
// domains (the messages name the front's MaxSeatsPerCustomer and MaxDomains).
func (spec CustomerSpec) Check(maxSeats, maxDomains int) error {
	if spec.Seats < 0 || spec.Seats > maxSeats {
		return fmt.Errorf("seats must be between 0 and %d (MaxSeatsPerCustomer), got %d", maxSeats, spec.Seats)
	}
	if len(spec.ValidJSSDKDomains) > maxDomains {
		return fmt.Errorf("validJsSdkDomains holds at most %d domains (MaxDomains), got %d", maxDomains, len(spec.ValidJSSDKDomains))
	}
	return nil
}

// AddCustomerLocked adds a customer with its child application and seats.
// Must hold the world's lock.
func (w *World) AddCustomerLocked(spec CustomerSpec) *Customer {
	n := w.R.Next("customer")
	a := w.NewChildAppLocked(spec.ClientID, spec.ClientSecret)
	a.UniqueForeignID, a.Name, a.Desc = spec.UniqueForeignID, spec.Name, spec.Name
	if a.UniqueForeignID == "" {
		a.UniqueForeignID = fmt.Sprintf("customer-%d", n)
	}
	a.Domains = slices.Clone(spec.ValidJSSDKDomains)
	a.Org, a.Contract = spec.Organization, spec.Contract
	return w.AttachLocked(a, n, spec.Name, spec.Seats)
}
