# The same configuration in Terraform's native syntax.
resource "aws_s3_bucket" "site" {
  bucket = "acme-widgets-site"
}

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  comment = ""
  origin {
    domain_name = "acme-widgets-site.s3.us-east-1.amazonaws.com"
    origin_id = "site"
  }
  default_cache_behavior {
    target_origin_id = "site"
    viewer_protocol_policy = "allow-all"
    allowed_methods = ["GET", "HEAD"]
    cached_methods = ["GET", "HEAD"]
    cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
