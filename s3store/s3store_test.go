package s3store_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/beianhq/beian/internal/materialtest"
	"github.com/beianhq/beian/s3store"
)

// fakeS3 starts an in-process S3 server with one bucket.
func fakeS3(t *testing.T, bucket string) (*s3mem.Backend, s3store.Config) {
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	return backend, s3store.Config{
		Endpoint: strings.TrimPrefix(srv.URL, "http://"), Bucket: bucket,
		AccessKey: "test-access", SecretKey: "test-secret", Region: "cn-hangzhou", Prefix: "materials/",
		// One retry: the suite puts failing readers on purpose.
		MaxRetries: 1,
	}
}

func TestStore(t *testing.T) {
	ctx := context.Background()
	backend, cfg := fakeS3(t, "beian")
	s, err := s3store.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	materialtest.Run(t, s, func(t *testing.T) []string {
		var left []string
		list, err := backend.ListBucket("beian", &gofakes3.Prefix{}, gofakes3.ListBucketPage{})
		if err != nil {
			t.Fatal(err)
		}
		// The key put before is there, so the listing itself works.
		if len(list.Contents) == 0 {
			t.Fatal("listing found no objects")
		}
		for _, o := range list.Contents {
			if !strings.HasPrefix(o.Key, "materials/") {
				left = append(left, o.Key+" (outside the prefix)")
			}
			for _, p := range []string{"failed-", "short-", "cancelled-"} {
				if strings.HasPrefix(o.Key, "materials/"+p) {
					left = append(left, o.Key)
				}
			}
		}
		return left
	})
}

func TestNew(t *testing.T) {
	ctx := context.Background()
	_, cfg := fakeS3(t, "beian")
	for name, c := range map[string]s3store.Config{
		"no bucket":      {Endpoint: cfg.Endpoint},
		"scheme":         {Endpoint: "http://" + cfg.Endpoint, Bucket: "beian"},
		"missing bucket": {Endpoint: cfg.Endpoint, Bucket: "other", AccessKey: "a", SecretKey: "b"},
	} {
		if _, err := s3store.New(ctx, c); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
