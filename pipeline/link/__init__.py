"""Stage link: group claims into incidents across articles and compare claimants."""
