# The same configuration in Terraform's native syntax.
resource "aws_s3_bucket" "site" {
  bucket = "acme-widgets-site"
}

resource "aws_s3_bucket_cors_configuration" "site" {
  bucket = "acme-widgets-site"
  cors_rule {
    id = "uploads"
    allowed_headers = ["Content-Type"]
    allowed_methods = ["GET", "OPTIONS", "PATCH"]
    allowed_origins = ["https://shop.acme-widgets.io"]
    expose_headers = ["ETag"]
  }
}
