# frozen_string_literal: true

module Finos
  # One page of a list: `data` (the items), `pagination` (the cursors), and `each` over this
  # page. `auto_paging_each` walks this page and every later one, fetching each next page only
  # when the previous is used up, so `break` stops the requests too.
  class ListObject
    include Enumerable

    attr_reader :data, :pagination, :last_response

    # `fetch_page` takes the query of the next page and returns its ListObject.
    def initialize(data:, pagination:, params: {}, fetch_page: nil)
      @data = data
      @pagination = pagination
      @params = params.to_h { |k, v| [k.to_sym, v] }
      @fetch_page = fetch_page
    end

    def each(&block)
      return enum_for(:each) unless block

      @data.each(&block)
      self
    end

    def auto_paging_each(&block)
      return enum_for(:auto_paging_each) unless block

      page = self
      until page.nil?
        page.each(&block)
        page = page.next_page
      end
      self
    end

    def [](key)
      { data: @data, pagination: @pagination }[key.to_sym]
    end

    def empty?
      @data.empty?
    end

    def size
      @data.size
    end
    alias length size

    def more?
      !next_link.nil?
    end
    alias has_more? more?

    # The next page, or nil after the last one.
    def next_page
      query = next_query
      return nil if query.nil? || @fetch_page.nil?

      @fetch_page.call(query)
    end

    def inspect
      "#<#{self.class.name} size=#{size} more=#{more?}>"
    end

    private

    def next_link
      return nil if @pagination.nil?

      @pagination[:next_page] || @pagination[:next_uri]
    end

    # The next page's query: the one the server's link names (it carries the cursor the list
    # wants, which is not always `id`), on top of this page's filters.
    def next_query
      link = next_link
      return nil if link.nil?

      from_link = URI.decode_www_form(URI.parse(link).query.to_s).to_h { |k, v| [k.to_sym, v] }
      if from_link[:starting_after].nil? && from_link[:ending_before].nil?
        last = @data.last
        cursor = last.is_a?(FinosObject) ? last[:id] : nil
        return nil if cursor.nil?

        from_link[:starting_after] = cursor
      end
      query = @params.merge(from_link)
      query.delete(from_link.key?(:starting_after) ? :ending_before : :starting_after)
      # A link back to the page we are on would loop forever.
      return nil if query.transform_values(&:to_s) == @params.transform_values(&:to_s)

      query
    rescue URI::InvalidURIError
      nil
    end
  end
end
