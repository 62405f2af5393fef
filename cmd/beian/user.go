package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/store"
)

const userUsage = "usage: beian user add --role ROLE --login LOGIN [--name NAME] [--provider P] [--provinces 浙江,广东] [--email E] [--password-stdin]"

// checkUserFlags refuses, as usage errors, what is wrong with the command
// line itself: arguments, a missing --role or --login, an unknown role.
// Whether the login fits the role is the accounts' rule.
func checkUserFlags(args []string, role beian.Role, login string) error {
	switch {
	case len(args) > 0:
		return usageError{fmt.Sprintf("user add takes no arguments, got %q", args)}
	case role == "":
		return usageError{"--role is required\n" + userUsage}
	case !role.Valid():
		return usageError{fmt.Sprintf("--role %q: use applicant, provider_reviewer, bureau_reviewer or admin", string(role))}
	case strings.TrimSpace(login) == "":
		return usageError{"--login is required\n" + userUsage}
	}
	return nil
}

// runUser runs "beian user add": staff accounts are created here (or by
// an administrator), never by sign-up. The password is read from standard
// input with --password-stdin, or generated and printed once.
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError{userUsage}
	}
	c := DefaultConfig()
	fs, env := flagSet("user add", &c, stderr, getenv)
	storeFlags(fs, &c, env)
	role := fs.String("role", "", "applicant, provider_reviewer, bureau_reviewer or admin")
	login := fs.String("login", "", "mobile number (applicants) or user name (staff)")
	name := fs.String("name", "", "the person's name")
	provider := fs.String("provider", "", "access provider of a provider reviewer")
	provinces := fs.String("provinces", "", "comma-separated provinces of a bureau reviewer")
	email := fs.String("email", "", "where a staff account's notices go (a provider reviewer hears of its shells)")
	enterprise := fs.Bool("enterprise", false, "an enterprise applicant account")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := parseFlags(fs, env, args[1:]); err != nil {
		return err
	}
	if err := checkUserFlags(fs.Args(), beian.Role(*role), *login); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return usageError{err.Error()}
	}
	password, generated := "", false
	if *fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return usageError{"--password-stdin: no password on standard input"}
		}
		password = strings.TrimRight(line, "\r\n")
	} else {
		password, generated = auth.GeneratePassword(), true
	}
	var provs []string
	for _, p := range strings.Split(*provinces, ",") {
		if p = strings.TrimSpace(p); p != "" {
			provs = append(provs, p)
		}
	}
	db, err := store.Open(ctx, c.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	accounts := &auth.Accounts{DB: db, Policy: auth.DefaultPolicy}
	a, err := accounts.Create(ctx, auth.NewAccount{Role: beian.Role(*role), Login: *login, Name: *name, Password: password,
		Enterprise: *enterprise, Provider: *provider, Provinces: provs, Email: *email})
	if err != nil {
		if beian.ErrorCode(err) == beian.EINVALID || beian.ErrorCode(err) == beian.ECONFLICT {
			fmt.Fprintln(stderr, "beian user add:", beian.ErrorMessage(err))
			return exitError(1)
		}
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (%s)\n", a.Role, a.Login, a.Role.Label())
	if generated {
		fmt.Fprintf(stdout, "password: %s\n(shown once; the store keeps only its argon2id hash)\n", password)
	}
	return nil
}
