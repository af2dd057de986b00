# The same configuration in Terraform's native syntax.
resource "aws_s3_bucket" "site" {
  bucket = "acme-widgets-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = "acme-widgets-site"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Sid" = "Partner"
      "Effect" = "Allow"
      "Principal" = {
        "AWS" = "arn:aws:iam::210987654321:root"
      }
      "Action" = "s3:*"
      "Resource" = ["arn:aws:s3:::acme-widgets-site", "arn:aws:s3:::acme-widgets-site/*"]
    }]
  })
}
