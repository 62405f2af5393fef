package beian

// MirrorRegistry applies a registry transition to the application it
// concerns, as the provider's side reflects the regulator's state: the
// status with its event, the deadline of the step that starts, a bureau
// rejection's reasons, the numbers of an approval. It reports false, and
// changes nothing, for a change of another version or an application that
// no longer waits for the registry (abandoned meanwhile).
func (a *Application) MirrorRegistry(c RegistryChange) (bool, error) {
	if c.ApplicationID != a.ID || c.Version != a.Version || c.Provider != a.Provider {
		return false, nil
	}
	if a.Status != StatusSMSVerification && a.Status != StatusBureauReview {
		return false, nil
	}
	if c.Status == a.Status {
		return false, nil
	}
	if c.Status == StatusSMSVerification && a.Status == StatusBureauReview {
		// Behind: an agent apart applied the registry's move to the bureau
		// from the submission's answer before its pull brought the entry
		// into SMS verification. A filing never goes back to it.
		return false, nil
	}
	var err error
	if c.Status == StatusBureauRejected {
		err = a.Reject(StatusBureauRejected, c.Rejections, c.At, c.Note)
	} else {
		err = a.Transition(c.Status, c.At, c.Note)
	}
	if err != nil {
		return false, err
	}
	a.Deadline = c.Deadline
	if c.Status == StatusApproved {
		a.MainLicence = c.MainLicence
		a.ServiceLicences = append([]string(nil), c.ServiceLicences...)
	}
	return true, nil
}
