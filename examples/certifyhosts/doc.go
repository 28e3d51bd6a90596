// Package certifyhosts plugs the example integrations into the RSC
// certification kit (rsckit's certify package): the quickstart's SQLite
// ATS (SQLite) and the PostgreSQL Store (Postgres), each as a
// certify.SyncHost running rsc/sync's engines over it.
//
// These adapters are the only place the examples meet the kit's Harness;
// a vendor writes the same few lines over their own Store.
package certifyhosts
