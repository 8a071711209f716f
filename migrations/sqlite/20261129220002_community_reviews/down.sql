DROP TABLE community_review_likes;
DROP TABLE community_reviews;
