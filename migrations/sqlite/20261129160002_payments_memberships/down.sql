DROP TABLE payments_membership_periods;
DROP TABLE payments_memberships;
