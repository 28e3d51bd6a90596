package wakeup_test

import (
	"fmt"

	"github.com/rsckit/rsckit/rscstore/internal/wakeup"
)

func Example() {
	h := wakeup.New()
	stop := h.Subscribe(func(tenant string) { fmt.Println("woken:", tenant) })
	h.Signal("acme")
	stop()
	h.Signal("globex") // no subscriber left
	<-h.C()
	fmt.Println("channel signalled")
	// Output:
	// woken: acme
	// channel signalled
}
