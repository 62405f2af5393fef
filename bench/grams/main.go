// Command grams reads the entities CSV that bench/run.sh exports (id first,
// unit_name second) and writes "id,grams" rows: the two-character gram text
// of each name, so the sqlite3 shell can build the same name index as Beian
// in the import ceiling.
package main

import (
	"bufio"
	"encoding/csv"
	"io"
	"log"
	"os"

	"github.com/beianhq/beian/store"
)

func main() {
	r := csv.NewReader(bufio.NewReaderSize(os.Stdin, 1<<20))
	r.ReuseRecord = true
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	w := csv.NewWriter(out)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			log.Fatal(err)
		}
		if err := w.Write([]string{rec[0], store.NameGrams(rec[1])}); err != nil {
			log.Fatal(err)
		}
	}
	w.Flush()
	if err := out.Flush(); err != nil {
		log.Fatal(err)
	}
}
