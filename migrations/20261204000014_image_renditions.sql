-- Uploads get smaller copies (WebP and JPEG at the standard widths below the original's, see
-- app/src/domain/picture.rs) next to the original file; this says whether they were made.
-- Images uploaded before have none and are served as they are until re-uploaded or rendered
-- by `server render-images`.
ALTER TABLE product_images ADD COLUMN renditions boolean NOT NULL DEFAULT false;
