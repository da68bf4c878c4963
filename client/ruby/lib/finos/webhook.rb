# frozen_string_literal: true

module Finos
  # Checks that a webhook delivery came from Finos. Both signature headers the API sends are
  # accepted: X-Finos-Signature (`t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, rejected when
  # `t` is more than `tolerance` seconds from now) and the legacy X-Request-Signature (hex
  # HMAC-SHA1 of the body, which has no timestamp). The HMAC key is the API key without its
  # `sk_` / `pk_` prefix. Sign the raw body exactly as received, before any JSON parsing.
  module WebhookSignature
    DEFAULT_TOLERANCE = 300

    module_function

    def signing_key(api_key)
      api_key.to_s.sub(/\A(sk|pk)_/, "")
    end

    # True when `header` (either header's value) signs `raw_body` under `api_key`. Never raises.
    def verify(raw_body, header, api_key, tolerance: DEFAULT_TOLERANCE, now: Time.now)
      return false if header.nil? || api_key.nil? || api_key.to_s.empty? || raw_body.nil?

      body = raw_body.to_s.b
      key = signing_key(api_key)
      value = header.to_s.strip
      if value.match?(/\A[0-9a-fA-F]{40}\z/)
        return hex_equal?(OpenSSL::HMAC.hexdigest("SHA1", key, body), value.downcase)
      end

      verify_timestamped(body, value, key, tolerance, now)
    end

    def verify_timestamped(body, header, key, tolerance, now)
      t = nil
      signatures = []
      header.split(",").each do |part|
        name, sep, val = part.partition("=")
        next if sep.empty?

        case name.strip
        when "t" then t = val.strip
        when "v1" then signatures << val.strip.downcase
        end
      end
      return false if t.nil? || !t.match?(/\A[0-9]{1,12}\z/) || signatures.empty?
      return false if (now.to_f - t.to_i).abs > tolerance

      expected = OpenSSL::HMAC.hexdigest("SHA256", key, "#{t}.".b + body)
      # Every candidate is compared, so the time taken does not tell which one matched.
      signatures.map { |sig| hex_equal?(expected, sig) }.any?
    end

    def hex_equal?(expected, given)
      return false unless given.match?(/\A[0-9a-f]*\z/) && given.bytesize == expected.bytesize

      OpenSSL.fixed_length_secure_compare(expected, given)
    end
  end

  class << self
    # Finos.verify_webhook_signature(raw_body, request.headers["X-Finos-Signature"], "sk_…") → true/false
    def verify_webhook_signature(raw_body, header, key, tolerance: WebhookSignature::DEFAULT_TOLERANCE, now: Time.now)
      WebhookSignature.verify(raw_body, header, key, tolerance: tolerance, now: now)
    end

    # Verifies a delivery and returns its event (a Finos::Event whose data.object is typed by the
    # event's type); raises SignatureVerificationError when the signature does not check out.
    def construct_event(raw_body, header, key, tolerance: WebhookSignature::DEFAULT_TOLERANCE, now: Time.now)
      unless verify_webhook_signature(raw_body, header, key, tolerance: tolerance, now: now)
        raise SignatureVerificationError.new("The webhook signature does not match the body (or is too old)")
      end

      FinosObject.convert(JSON.parse(raw_body, decimal_class: BigDecimal), "Event")
    end
  end
end
