package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBinary(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "rscmock")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-seed", "3")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- s
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(15 * time.Second):
		t.Fatal("no JSON line")
	}
	var info map[string]string
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatalf("line %q: %v", line, err)
	}
	for _, k := range []string{"base_url", "partner_client_id", "partner_client_secret", "client_id", "client_secret", "organization_urn", "contract_urn", "console_url"} {
		if info[k] == "" {
			t.Errorf("missing %s in %q", k, line)
		}
	}
	if info["console_url"] != info["base_url"]+"/_console/" {
		t.Errorf("console_url %q", info["console_url"])
	}
	page, err := http.Get(info["console_url"])
	if err != nil {
		t.Fatal(err)
	}
	pb, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(string(pb), info["organization_urn"]) || !strings.Contains(string(pb), "20 LinkedIn members") {
		t.Errorf("console: %d %s", page.StatusCode, pb)
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {info["client_id"]}, "client_secret": {info["client_secret"]}}
	resp, err := http.Post(info["base_url"]+"/oauth/v2/accessToken", "text/plain", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if tok.AccessToken == "" {
		t.Fatalf("token status %d", resp.StatusCode)
	}
	org := info["organization_urn"]
	u := info["base_url"] + "/v2/atsCandidates?ids[0].atsCandidateId=C1&ids[0].dataProvider=ATS&ids[0].integrationContext=" + org
	body := `{"entities":{"atsCandidateId=C1&dataProvider=ATS&integrationContext=` + org + `":{"addresses":[],"atsCreatedAt":1,"atsLastModifiedAt":2,"emailAddresses":["a@example.com"],"externalProfileUrl":"https://x.example.com/1","firstName":"A","phoneNumbers":[]}}}`
	req, _ := http.NewRequest(http.MethodPut, u, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("X-RestLi-Method", "batch_update")
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"status":204`) {
		t.Errorf("sync: %d %s", resp.StatusCode, b)
	}
}
