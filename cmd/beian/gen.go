package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/beianhq/beian/synth"
)

// runGen writes synthetic entities as JSONL, one import record a line.
func runGen(args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var c Config
	fs, env := flagSet("gen", &c, stderr, getenv)
	n := fs.Int("entities", 0, "number of entities to write (required)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same output")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if *n <= 0 {
		return usageError{"--entities must be a positive number"}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("gen takes no arguments, got %q", fs.Args())}
	}
	w := bufio.NewWriterSize(stdout, 1<<20)
	if err := synth.Generate(w, *n, *seed); err != nil {
		return err
	}
	return w.Flush()
}
