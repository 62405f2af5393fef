package store

import (
	"context"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/rules"
)

// counterKey names one number sequence: an ICP prefix and a year.
type counterKey struct {
	prefix string
	year   int
}

// counters hands out main-number sequences inside one transaction. The first
// use of a sequence locks its row (on PostgreSQL; SQLite's write lock covers
// it), later uses count in memory, and flush writes the next values back.
// Because the row only moves with a committed transaction, allocated numbers
// are gap-free and never handed out twice, and a cancelled number is never
// reused: the counter does not go back.
type counters struct {
	next  map[counterKey]int
	dirty map[counterKey]bool
}

func newCounters() *counters {
	return &counters{next: map[counterKey]int{}, dirty: map[counterKey]bool{}}
}

func (c *counters) load(ctx context.Context, tx *Tx, k counterKey) (int, error) {
	if n, ok := c.next[k]; ok {
		return n, nil
	}
	// The no-op update makes PostgreSQL lock the row until commit.
	var n int
	err := tx.queryRow(ctx, `INSERT INTO licence_counters (prefix, year, next_seq) VALUES (?, ?, 1)
		ON CONFLICT (prefix, year) DO UPDATE SET next_seq = licence_counters.next_seq
		RETURNING next_seq`, k.prefix, k.year).Scan(&n)
	if err != nil {
		return 0, err
	}
	c.next[k] = n
	return n, nil
}

// allocate returns the next main number for prefix and year.
func (c *counters) allocate(ctx context.Context, tx *Tx, prefix string, year int) (string, error) {
	k := counterKey{prefix, year}
	n, err := c.load(ctx, tx, k)
	if err != nil {
		return "", err
	}
	if n > beian.MaxFilingSeq {
		return "", beian.Errorf(beian.ECONFLICT, "%sICP备%d年的备案号已用尽", prefix, year)
	}
	c.next[k] = n + 1
	c.dirty[k] = true
	return rules.FilingNumber(prefix, year, n), nil
}

// observe moves a sequence past a number that was given rather than
// allocated, so later allocations cannot collide with it.
func (c *counters) observe(ctx context.Context, tx *Tx, l rules.Licence) error {
	if l.Form != rules.FormFiling {
		return nil // other forms share no sequence with allocated numbers
	}
	k := counterKey{l.Prefix, l.Year}
	n, err := c.load(ctx, tx, k)
	if err != nil {
		return err
	}
	if l.Seq >= n {
		c.next[k] = l.Seq + 1
		c.dirty[k] = true
	}
	return nil
}

func (c *counters) flush(ctx context.Context, tx *Tx) error {
	for k := range c.dirty {
		if _, err := tx.exec(ctx, `UPDATE licence_counters SET next_seq = ? WHERE prefix = ? AND year = ?`, c.next[k], k.prefix, k.year); err != nil {
			return err
		}
	}
	clear(c.dirty)
	return nil
}
