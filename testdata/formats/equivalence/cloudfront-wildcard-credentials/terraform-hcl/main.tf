# The same configuration in Terraform's native syntax.
resource "aws_s3_bucket" "site" {
  bucket = "acme-widgets-site"
}

resource "aws_cloudfront_response_headers_policy" "api_cors" {
  name = "api-cors"
  cors_config {
    access_control_allow_credentials = true
    access_control_allow_headers {
      items = ["*"]
    }
    access_control_allow_methods {
      items = ["GET", "HEAD", "OPTIONS"]
    }
    access_control_allow_origins {
      items = ["*"]
    }
    access_control_max_age_sec = 600
    origin_override = true
  }
}
