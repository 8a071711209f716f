DROP TABLE community_review_stats;
DROP TABLE community_review_likes;
DROP TABLE community_reviews;
