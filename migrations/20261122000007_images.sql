-- Uploaded product images: their pixel size (for width/height attributes, so pages do not jump
-- while pictures load) and when they were added. Demo pictures leave the size empty.
ALTER TABLE product_images
    ADD COLUMN width integer CHECK (width > 0),
    ADD COLUMN height integer CHECK (height > 0),
    ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
