DROP TABLE community_attendance;
DROP TABLE community_support_tickets;
DROP TABLE community_notices;
DROP TABLE community_inquiries;
DROP TABLE community_follows;
DROP TABLE community_wishes;
