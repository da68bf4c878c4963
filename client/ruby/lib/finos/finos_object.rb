# frozen_string_literal: true

module Finos
  # A result of the API: `obj.field` and `obj[:field]` (or `obj["field"]`) both read a field.
  # Fields the SDK does not know (a newer server may add some) are kept and readable the same way;
  # a field whose name is not a Ruby method name (`52week_high`) or is taken by Object (`hash`,
  # `display`) is read with `[]`. Decimal strings of the contract (money, quantities, prices,
  # percentages) are BigDecimal; JSON numbers with a fraction are parsed as BigDecimal too, so no
  # value is ever a Float. Enum values are plain strings, so a value this version does not list
  # never raises.
  class FinosObject
    # The HTTP answer this object came from (status, headers, request_id, idempotency_key); nil
    # for objects nested in another or built by hand.
    attr_reader :last_response

    # Defines readers for the model's known fields, except names Object already answers.
    def self.attributes(*names)
      names.each do |name|
        next if FinosObject.method_defined?(name) || FinosObject.private_method_defined?(name, false)

        define_method(name) { @values[name] }
      end
    end

    # Builds the object for a parsed JSON value according to `kind` (see Finos::Schemas).
    def self.convert(value, kind = nil)
      case value
      when Hash then construct(value, kind)
      when Array
        item = kind.is_a?(Array) && kind[0] == :array ? kind[1] : nil
        value.map { |v| convert(v, item) }
      when String then kind == :decimal ? Util.decimal(value) : value
      else value
      end
    end

    def self.construct(hash, kind = nil)
      klass = FinosObject
      table = nil
      case kind
      when String
        klass = Finos.const_get(kind) if Schemas::MODELS.include?(kind)
        variant = kind == "Event" ? Schemas::EVENT_VARIANTS[hash["type"]] : nil
        table = Schemas::FIELDS[variant || kind]
      when Array
        case kind[0]
        when :object then table = kind[1]
        when :any
          model = kind[1].find { |m| Schemas::REQUIRED.fetch(m, []).all? { |f| hash.key?(f) } }
          return construct(hash, model) if model
        end
      end
      values = {}
      hash.each { |k, v| values[k.to_sym] = convert(v, table && table[k.to_s]) }
      klass.allocate.tap { |o| o.send(:initialize_values, values, table) }
    end

    def initialize(values = {})
      initialize_values(values.to_h { |k, v| [k.to_sym, v] }, nil)
    end

    # Field → conversion kind of this object's schema (see Finos::Schemas); {} when unknown.
    def kinds
      @kinds
    end

    def [](key)
      @values[key.to_sym]
    end

    def key?(key)
      @values.key?(key.to_sym)
    end

    def keys
      @values.keys
    end

    def dig(key, *rest)
      value = self[key]
      rest.empty? || value.nil? ? value : value.dig(*rest)
    end

    # A plain Hash with symbol keys, nested objects as hashes (BigDecimal values kept).
    def to_h
      @values.transform_values { |v| Util.plain(v) }
    end

    # The object as JSON, decimals written back as decimal strings.
    def to_json(*args)
      Util.wire(self).to_json(*args)
    end

    def ==(other)
      other.is_a?(FinosObject) && other.to_h == to_h
    end
    alias eql? ==

    def hash
      to_h.hash
    end

    def inspect
      fields = @values.map { |k, v| "#{k}=#{v.is_a?(BigDecimal) ? v.to_s("F") : v.inspect}" }
      "#<#{self.class.name} #{fields.join(", ")}>"
    end
    alias to_s inspect

    def respond_to_missing?(name, include_private = false)
      @values.key?(name) || super
    end

    def method_missing(name, *args)
      return @values[name] if args.empty? && @values.key?(name)

      super
    end

    private

    def initialize_values(values, kinds)
      @values = values.freeze
      @kinds = (kinds || {}).freeze
    end
  end

  # Value conversions shared by the runtime.
  module Util
    module_function

    # "202.00" → BigDecimal; a string that is not a decimal stays as it is (never raises).
    def decimal(text)
      return text unless text.match?(/\A-?[0-9]+(\.[0-9]+)?\z/)

      BigDecimal(text)
    end

    def plain(value)
      case value
      when FinosObject then value.to_h
      when Array then value.map { |v| plain(v) }
      else value
      end
    end

    # A request body or result as JSON-ready data: decimals where the contract wants a decimal
    # string become one (BigDecimal or Integer → "12.5"; a Float is refused, it cannot hold money
    # exactly), other BigDecimals become JSON numbers, symbols strings, dates ISO 8601.
    def wire(value, kind = nil, path = nil)
      case value
      when FinosObject
        fields = value.keys.to_h { |k| [k, value[k]] }
        wire(fields, [:object, value.kinds], path)
      when Hash
        table = case kind
                when String then Schemas::REQUEST_FIELDS[kind] || Schemas::FIELDS[kind]
                when Array then kind[0] == :object ? kind[1] : nil
                end
        value.to_h do |k, v|
          [k.to_s, wire(v, table && table[k.to_s], path ? "#{path}.#{k}" : k.to_s)]
        end
      when Array
        item = kind.is_a?(Array) && kind[0] == :array ? kind[1] : nil
        value.each_with_index.map { |v, i| wire(v, item, "#{path}[#{i}]") }
      when BigDecimal
        return value.to_s("F").sub(/\.0\z/, "") if kind == :decimal && value.frac.zero?
        return value.to_s("F") if kind == :decimal

        value.frac.zero? ? value.to_i : value.to_f
      when Integer then kind == :decimal ? value.to_s : value
      when Float
        if kind == :decimal
          raise ArgumentError, "#{path}: pass a decimal amount as a String or BigDecimal, not a Float (#{value})"
        end

        value
      when Symbol then value.to_s
      when Time then value.utc.iso8601(3)
      when Date then value.iso8601
      else value
      end
    end
  end
end
