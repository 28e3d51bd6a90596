package matching

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
)

// Dataset is a labelled set of synthetic candidate records: Person[i] identifies the
// person behind Records[i], so two records are duplicates exactly when their Person
// values are equal.
type Dataset struct {
	Records []Record
	Person  []int
}

// Pairs returns the number of duplicate pairs in d.
func (d Dataset) Pairs() int {
	count := make(map[int]int)
	for _, p := range d.Person {
		count[p]++
	}
	n := 0
	for _, c := range count {
		n += c * (c - 1) / 2
	}
	return n
}

var (
	genFirst = []string{
		"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
		"William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
		"Christopher", "Nancy", "Daniel", "Margaret", "Matthew", "Lisa", "Anthony", "Betty", "Steven", "Sandra",
		"Andrew", "Ashley", "Edward", "Katherine", "Samuel", "Emily", "Benjamin", "Rebecca", "Nicholas", "Victoria",
		"José", "María", "François", "Chloé", "Zoë", "Jürgen", "Søren", "Łukasz", "Renée", "Björn",
		"Inés", "Andrés", "Héloïse", "Mikaël", "Jérôme", "Ana", "Lucía", "Thiago", "Ágata", "Noémie",
		"Wei", "Yuki", "Priya", "Arjun", "Fatima", "Omar", "Olga", "Ivan", "Aino", "Kofi",
		"Hannah", "Lukas", "Leon", "Mia", "Emma", "Noah", "Sofia", "Mateo", "Lina", "Elif",
	}
	genLast = []string{
		"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
		"Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
		"García", "Martínez", "Rodríguez", "López", "González", "Pérez", "Sánchez", "Ramírez", "Núñez", "Muñoz",
		"Müller", "Schröder", "Weiß", "Köhler", "Groß", "Jørgensen", "Øberg", "Åström", "Dvořák", "Wójcik",
		"Lefèvre", "Dubois", "Girard", "Bélanger", "Côté", "O'Brien", "O'Connor", "McDonald", "Nguyen", "Kim",
		"Patel", "Shah", "Chen", "Wang", "Tanaka", "Sato", "Kowalski", "Nowak", "Novák", "Horváth",
	}
	genSyllables = []string{"ka", "ren", "do", "mi", "sto", "vel", "an", "ber", "li", "tor", "sa", "quin", "mar", "ol", "es", "ta", "no", "ri", "zu", "fel"}
	genCompany1  = []string{"North", "Blue", "Silver", "Bright", "Iron", "Green", "Red", "Cloud", "Quantum", "Alpine", "Harbor", "Summit", "Pixel", "Atlas", "Nova", "Cedar", "Vertex", "Orbit", "Delta", "Lumen"}
	genCompany2  = []string{"wind", "field", "stone", "works", "bridge", "line", "point", "forge", "gate", "path", "soft", "labs", "data", "logic", "wave", "rock", "light", "mark", "star", "port"}
	genCompany3  = []string{"", " Inc.", " GmbH", " Ltd", " Labs", " Group", " Systems", " AG", " LLC", " Partners"}
	genDomains   = []string{"example.com", "example.org", "example.net", "mail.example", "post.example"}
	genShort     = map[string]string{
		"Robert": "Bob", "William": "Bill", "James": "Jim", "Michael": "Mike", "David": "Dave", "Daniel": "Dan",
		"Thomas": "Tom", "Joseph": "Joe", "Christopher": "Chris", "Samuel": "Sam", "Benjamin": "Ben",
		"Nicholas": "Nick", "Anthony": "Tony", "Steven": "Steve", "Matthew": "Matt", "Andrew": "Andy",
		"Edward": "Eddie", "Elizabeth": "Liz", "Katherine": "Kate", "Jennifer": "Jen", "Susan": "Sue",
		"Margaret": "Maggie", "Patricia": "Patty", "Rebecca": "Becky", "Victoria": "Vicky", "Richard": "Rick",
		"Charles": "Charlie",
	}
	genCountries = []struct {
		cc, trunk string
		prefixes  []string
		digits    int
	}{
		{"1", "", []string{"212", "415", "617", "312", "206", "512", "303", "404"}, 7},
		{"44", "0", []string{"20", "29", "28"}, 8},
		{"49", "0", []string{"30", "40", "89"}, 8},
		{"33", "0", []string{"1", "6", "7"}, 8},
	}
)

// person is the truth behind generated records.
type genPerson struct {
	first, last, company, email, url string
	country, prefix, subscriber      int
	hasPhone                         bool
}

// GenerateDataset returns n deterministic synthetic records (the same seed gives the
// same records) from math/rand/v2 seeded with seed. About 30% of people get a
// duplicate record and 5% a second one; a duplicate keeps the person recognisable
// (a similar name: accents dropped, case or spacing changed, one typo, a nickname or
// swapped names) and all records of a person keep one anchor detail in varying form
// (email in another case, phone in another format or without country code, profile
// URL in another form, or company); other details may be lost or differ. About 3% of people share the name of
// another person (sometimes also the company) with their own contacts, as hard
// negatives.
func GenerateDataset(seed int64, n int) Dataset {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	ds := Dataset{Records: make([]Record, 0, n), Person: make([]int, 0, n)}
	var people []genPerson
	for len(ds.Records) < n {
		pid := len(people)
		p := genNewPerson(rng, pid)
		if pid > 0 && rng.IntN(100) < 3 {
			o := people[rng.IntN(pid)]
			p.first, p.last = o.first, o.last
			if rng.IntN(10) == 0 {
				p.company = o.company
			}
			p.email = genEmail(rng, p, pid)
		}
		people = append(people, p)
		anchor := genAnchor(rng, p)
		ds.add(genBase(rng, p, anchor), pid)
		dups := 0
		if r := rng.IntN(100); r < 5 {
			dups = 2
		} else if r < 35 {
			dups = 1
		}
		for range dups {
			if len(ds.Records) < n {
				ds.add(genDuplicate(rng, p, anchor, len(ds.Records)), pid)
			}
		}
	}
	// Shuffle so duplicates are not adjacent.
	rng.Shuffle(len(ds.Records), func(i, j int) {
		ds.Records[i], ds.Records[j] = ds.Records[j], ds.Records[i]
		ds.Person[i], ds.Person[j] = ds.Person[j], ds.Person[i]
	})
	return ds
}

func (d *Dataset) add(r Record, pid int) {
	r.ID = fmt.Sprintf("R%d", len(d.Records)+1)
	d.Records = append(d.Records, r)
	d.Person = append(d.Person, pid)
}

func genNewPerson(rng *rand.Rand, pid int) genPerson {
	p := genPerson{first: genFirst[rng.IntN(len(genFirst))]}
	if rng.IntN(2) == 0 {
		p.last = genLast[rng.IntN(len(genLast))]
	} else {
		var b strings.Builder
		for k := 2 + rng.IntN(2); k > 0; k-- {
			b.WriteString(genSyllables[rng.IntN(len(genSyllables))])
		}
		s := b.String()
		p.last = strings.ToUpper(s[:1]) + s[1:]
	}
	if rng.IntN(10) > 0 {
		p.company = genCompany1[rng.IntN(len(genCompany1))] + genCompany2[rng.IntN(len(genCompany2))] + genCompany3[rng.IntN(len(genCompany3))]
	}
	p.email = genEmail(rng, p, pid)
	p.hasPhone = rng.IntN(10) < 7
	p.country = rng.IntN(len(genCountries))
	c := genCountries[p.country]
	p.prefix = rng.IntN(len(c.prefixes))
	p.subscriber = pid // unique per person
	if rng.IntN(10) < 4 {
		p.url = fmt.Sprintf("https://www.linkedin.com/in/%s-%s-%x", asciiSlug(p.first), asciiSlug(p.last), pid)
	}
	return p
}

func genEmail(rng *rand.Rand, p genPerson, pid int) string {
	return fmt.Sprintf("%s.%s.%d@%s", asciiSlug(p.first), asciiSlug(p.last), pid, genDomains[rng.IntN(len(genDomains))])
}

func asciiSlug(s string) string { return strings.ReplaceAll(NormalizeName(s), " ", "-") }

// genPhone renders the person's number: 0 E.164, 1 international with spaces,
// 2 national with trunk prefix, 3 international with dashes and parentheses.
func genPhone(p genPerson, format int) string {
	c := genCountries[p.country]
	pre := c.prefixes[p.prefix]
	sub := fmt.Sprintf("%0*d", c.digits, p.subscriber%pow10(c.digits))
	switch format {
	case 0:
		return "+" + c.cc + pre + sub
	case 1:
		return "+" + c.cc + " " + pre + " " + sub[:3] + " " + sub[3:]
	case 2:
		if c.cc == "1" {
			return "(" + pre + ") " + sub[:3] + "-" + sub[3:]
		}
		return c.trunk + pre + " " + sub
	default:
		return "+" + c.cc + " (" + pre + ") " + sub[:3] + "-" + sub[3:]
	}
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

// genAnchor picks the detail every record of a duplicated person keeps (in varying
// form): 0 email, 1 phone, 2 profile URL, 3 company.
func genAnchor(rng *rand.Rand, p genPerson) int {
	var opts []int
	opts = append(opts, 0)
	if p.hasPhone {
		opts = append(opts, 1)
	}
	if p.url != "" {
		opts = append(opts, 2)
	}
	if p.company != "" {
		opts = append(opts, 3, 3)
	}
	return opts[rng.IntN(len(opts))]
}

func genBase(rng *rand.Rand, p genPerson, anchor int) Record {
	r := Record{FirstName: p.first, LastName: p.last, Company: p.company, ProfileURL: p.url}
	if anchor == 0 || rng.IntN(10) < 8 {
		r.Emails = []string{p.email}
	}
	if p.hasPhone {
		r.Phones = []string{genPhone(p, rng.IntN(4))}
	}
	return r
}

func genDuplicate(rng *rand.Rand, p genPerson, anchor, seq int) Record {
	r := Record{FirstName: p.first, LastName: p.last}
	switch rng.IntN(8) {
	case 0: // identical
	case 1: // accents dropped
		r.FirstName, r.LastName = stripAccents(p.first), stripAccents(p.last)
	case 2: // case and spacing
		r.FirstName, r.LastName = " "+strings.ToUpper(p.first), strings.ToLower(p.last)+" "
	case 3:
		r.LastName = typo(rng, p.last)
	case 4:
		r.FirstName = typo(rng, p.first)
	case 5:
		if s, ok := genShort[p.first]; ok {
			r.FirstName = s
		} else {
			r.FirstName = typo(rng, p.first)
		}
	case 6:
		r.FirstName, r.LastName = p.last, p.first
	case 7:
		r.FirstName, r.LastName = stripAccents(p.first), typo(rng, p.last)
	}
	switch {
	case anchor == 0 || rng.IntN(4) == 0:
		r.Emails = []string{strings.ToUpper(p.email[:1]) + p.email[1:]}
	case rng.IntN(3) == 0:
		r.Emails = []string{fmt.Sprintf("%s%d@private.example", asciiSlug(p.first), seq)}
	}
	if p.hasPhone && (anchor == 1 || rng.IntN(2) == 0) {
		r.Phones = []string{genPhone(p, rng.IntN(4))}
	}
	if p.url != "" && (anchor == 2 || rng.IntN(2) == 0) {
		r.ProfileURL = strings.Replace(strings.Replace(p.url, "https://www.", "http://de.", 1), "/in/", "/mwlite/in/", 1) + "/?trk=x"
	}
	if p.company != "" && (anchor == 3 || rng.IntN(3) == 0) {
		r.Company = p.company
		if rng.IntN(3) == 0 {
			r.Company = strings.ToUpper(p.company)
		}
	}
	return r
}

func stripAccents(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		n := NormalizeName(w)
		b.WriteString(strings.ToUpper(n[:1]) + n[1:])
	}
	return b.String()
}

// typo applies one edit (substitution, deletion, transposition or insertion) after
// the first letter.
func typo(rng *rand.Rand, s string) string {
	r := []rune(s)
	if len(r) < 4 {
		return s
	}
	i := 1 + rng.IntN(len(r)-2)
	switch rng.IntN(4) {
	case 0:
		r[i] = rune('a' + rng.IntN(26))
	case 1:
		r = append(r[:i], r[i+1:]...)
	case 2:
		r[i], r[i+1] = r[i+1], r[i]
	default:
		r = append(r[:i], append([]rune{unicode.ToLower(r[i])}, r[i:]...)...)
	}
	return string(r)
}

// Evaluation is the outcome of [Evaluate].
type Evaluation struct {
	// TruePositives are duplicate pairs that were flagged.
	TruePositives int
	// FalsePositives are flagged pairs of different people.
	FalsePositives int
	// FalseNegatives are duplicate pairs that were not flagged.
	FalseNegatives int
	Precision      float64
	Recall         float64
}

// Evaluate adds ds's records one by one to an index built with opts, looking each
// record up before adding it, as an ATS does when candidates arrive, and compares the
// flagged pairs (possible duplicates and same-person matches) with the labels.
func Evaluate(ds Dataset, opts Options) Evaluation {
	ix := NewIndex(opts)
	pos := make(map[string]int, len(ds.Records))
	var ev Evaluation
	for i, r := range ds.Records {
		for _, m := range ix.Lookup(r) {
			if ds.Person[pos[m.ID]] == ds.Person[i] {
				ev.TruePositives++
			} else {
				ev.FalsePositives++
			}
		}
		pos[r.ID] = i
		ix.Add(r)
	}
	ev.FalseNegatives = ds.Pairs() - ev.TruePositives
	if n := ev.TruePositives + ev.FalsePositives; n > 0 {
		ev.Precision = float64(ev.TruePositives) / float64(n)
	}
	if n := ev.TruePositives + ev.FalseNegatives; n > 0 {
		ev.Recall = float64(ev.TruePositives) / float64(n)
	}
	return ev
}
